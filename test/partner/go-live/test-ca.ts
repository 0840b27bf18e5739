/**
 * A certificate authority made at test time, and server certificates it signs: node-forge builds
 * the X.509 structures (it is already one of kontrak's dependencies, pure JavaScript, so no
 * `openssl` binary is needed on the machine or in CI); Node's crypto makes the RSA keys.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

/** The part of node-forge used here (it ships no types). */
interface ForgeCertificate {
  serialNumber: string;
  publicKey: unknown;
  validity: { notBefore: Date; notAfter: Date };
  setSubject(attrs: Array<{ name: string; value: string }>): void;
  setIssuer(attrs: Array<{ name: string; value: string }>): void;
  setExtensions(extensions: Array<Record<string, unknown>>): void;
  sign(key: unknown, digest: unknown): void;
}
interface Forge {
  pki: {
    createCertificate(): ForgeCertificate;
    publicKeyFromPem(pem: string): unknown;
    privateKeyFromPem(pem: string): unknown;
    certificateToPem(cert: ForgeCertificate): string;
  };
  md: { sha256: { create(): unknown } };
}
const forge = createRequire(import.meta.url)('node-forge') as Forge;

export interface KeyAndCert {
  keyPem: string;
  certPem: string;
}

const DAY = 86_400_000;

function rsaKeys(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  };
}

function certificate(
  subject: string,
  publicPem: string,
  validity: { from: Date; to: Date },
  issuer: { name: string; privatePem: string },
  extensions: Array<Record<string, unknown>>,
): string {
  const cert = forge.pki.createCertificate();
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.validity.notBefore = validity.from;
  cert.validity.notAfter = validity.to;
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer.name }]);
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(issuer.privatePem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export interface TestCa {
  certPem: string;
  /** A server certificate for 127.0.0.1; `expired` makes one whose validity ended yesterday. */
  serverCert(options?: { expired?: boolean }): KeyAndCert;
}

/** A fresh CA, valid for a year from yesterday. */
export function testCa(now = Date.now()): TestCa {
  const name = `kontrak test CA ${randomBytes(4).toString('hex')}`;
  const keys = rsaKeys();
  const issuer = { name, privatePem: keys.privatePem };
  const certPem = certificate(
    name,
    keys.publicPem,
    { from: new Date(now - DAY), to: new Date(now + 365 * DAY) },
    issuer,
    [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  );
  return {
    certPem,
    serverCert: ({ expired = false } = {}) => {
      const leaf = rsaKeys();
      const validity = expired
        ? { from: new Date(now - 30 * DAY), to: new Date(now - DAY) }
        : { from: new Date(now - DAY), to: new Date(now + 90 * DAY) };
      return {
        keyPem: leaf.privatePem,
        certPem: certificate('127.0.0.1', leaf.publicPem, validity, issuer, [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
        ]),
      };
    },
  };
}
