/** The parts of doku-nodejs-library 1.0.52 (no types of its own) that test/sdk/doku.test.ts calls. */
declare module 'doku-nodejs-library' {
  interface SnapOptions {
    isProduction: boolean;
    privateKey: string;
    clientID: string;
    publicKey: string;
    dokuPublicKey: string;
    issuer: string;
    secretKey: string;
  }
  interface DokuAnswer {
    responseCode?: string;
    responseMessage?: string;
    accessToken?: string;
    [field: string]: unknown;
  }
  export interface Snap {
    getTokenB2B(): Promise<DokuAnswer>;
    getTokenB2B2c(authCode: string): Promise<DokuAnswer>;
    doBalanceInquiry(request: object, authCode: string, ipAddress: string): Promise<DokuAnswer>;
  }
  const Doku: { Snap: new (options: SnapOptions) => Snap };
  export default Doku;
}

declare module 'doku-nodejs-library/_commons/config.js' {
  const Config: { CORE_SANDBOX_BASE_URL: string };
  export default Config;
}

declare module 'doku-nodejs-library/_models/balanceInquiryRequestDTO.js' {
  const BalanceInquiryRequestDto: new (additionalInfo: object) => object;
  export default BalanceInquiryRequestDto;
}

declare module 'doku-nodejs-library/_models/balanceInquiryAdditionalInfoRequestDTO.js' {
  const BalanceInquiryAdditionalInfoRequestDto: new (channel: string) => object;
  export default BalanceInquiryAdditionalInfoRequestDto;
}
