/**
 * The hand-offs of `kontrak probe`: what it asks (a request on the wire), what came back (an
 * exchange and its class), and what one knob's answers decided. Plain data between the stages:
 * plan → polite sender → classifier → decider → draft writer.
 */
import type { BankProfile } from '../banks/profile.ts';

/** The credentials the probe signs with (a sandbox's, or the embedded mock's throwaway ones). */
export interface ProbeCredentials {
  clientId: string;
  clientSecret: string;
  privateKeyPem: string;
  channelId: string;
  /** A partner id registered apart from the client id (Mandiri's `SANDBOX`), when there is one. */
  partnerId?: string;
}

/** Where and whom the probe asks. `profile` is the shipped profile: the paths and first guesses. */
export interface ProbeTarget {
  baseUrl: string;
  profile: BankProfile;
  credentials: ProbeCredentials;
  /** The environment's name, for the draft (`sandbox`, `mock`). */
  environment: string;
}

/** How politely it asks. */
export interface ProbeSettings {
  maxRequests: number;
  /** Pause between two requests, in ms (1000: one a second). */
  paceMs: number;
  /** Whether a money-moving call may be sent at all (the plan itself sends inquiries and status calls). */
  allowTransactions: boolean;
  /** Today, for the draft's dates; default the clock. */
  now?: () => number;
}

/** One request as it goes on the wire. */
export interface WireRequest {
  /** The catalogue service it calls (`access-token/b2b`, `balance-inquiry`). */
  service: string;
  method: string;
  /** Path and query as sent. */
  pathWithQuery: string;
  headers: Record<string, string>;
  body: string;
}

/** What a request's answer says about the variant it carried. */
export type AnswerClass =
  | 'accepted' // 2xx
  | 'business' // 403 / 404: past every header and signature check, refused on the ledger
  | 'format' // 400xx01
  | 'mandatory' // 400xx02
  | 'unauthorized' // 401xx00: signature, timestamp, client
  | 'token' // 401xx01..: the access token
  | 'conflict' // 409
  | 'throttled' // 429
  | 'server' // 5xx
  | 'other';

/** A request and its answer. */
export interface Exchange {
  request: WireRequest;
  status: number;
  responseCode: string;
  responseMessage: string;
  answerClass: AnswerClass;
  /** The answer's JSON body, where it was JSON. */
  json?: Record<string, unknown>;
}

/** Whether the gate let a variant through (a business refusal is past the gate). */
export const passedGate = (e: Exchange): boolean =>
  e.answerClass === 'accepted' || e.answerClass === 'business';

/** The knobs a probe decides, by their place in the profile. */
export type KnobName =
  | 'signatureEncoding'
  | 'signQuery'
  | 'bodyHash'
  | 'timestampForms'
  | 'timestampFormat'
  | 'channelId'
  | 'externalId'
  | 'externalIdDigits'
  | 'partnerId'
  | 'deviceHeaders'
  | 'blankOptional'
  | 'originalServiceCode'
  | 'customerToken'
  | 'tokenType';

/** What the answers decided of one knob. */
export interface KnobDecision {
  knob: KnobName;
  /** The service whose own knob this is (a per-service override), if any. */
  service?: string;
  /** The observed value (absent: undecided; the shipped value stays). */
  value?: unknown;
  /** In words: what decided it, or why it stays undecided. */
  why: string;
  evidence: Exchange[];
}

/**
 * A fact about the sandbox that no profile knob holds (the token call's grantType spelling,
 * `Bearer ` in the signed token segment): what was varied, which variants passed and which were
 * refused, what that means for a client, and the exchanges that show it.
 */
export interface ProbeObservation {
  /** What was varied, in words. */
  varied: string;
  accepted: string[];
  refused: string[];
  /** In one line, what a client should do about it. */
  meaning: string;
  evidence: Exchange[];
}

/** The outcome of one probe. */
export interface ProbeResult {
  bank: string;
  environment: string;
  date: string;
  requests: number;
  /** Why it stopped early, when it did: the draft is partial. */
  stopped?: string;
  decisions: KnobDecision[];
  /** Facts asked after the knobs, recorded beside them (no knob holds them). */
  observations: ProbeObservation[];
}

export type { BankProfile };
