/** The parts of doku-nodejs-library 1.0.52 (no types of its own) that the tests in test/sdk call. */
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
    doPayment(request: object, authCode: string, ipAddress: string, deviceId?: string): Promise<DokuAnswer>;
    doCheckStatus(request: object): Promise<DokuAnswer>;
    doRefund(request: object, authCode: string, ipAddress: string, deviceId?: string): Promise<DokuAnswer>;
    createVa(request: object): Promise<DokuAnswer>;
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

declare module 'doku-nodejs-library/_models/paymentRequestDirectDebitDTO.js' {
  interface Money {
    value: string;
    currency: string;
  }
  export class PaymentRequestDto {
    partnerReferenceNo: string;
    amount: Money;
    payOptionDetails: { payMethod: string; transAmount: Money }[];
    additionalInfo: Record<string, unknown>;
  }
}

declare module 'doku-nodejs-library/_models/checkStatusDirectDebitRequestDTO.js' {
  export default class CheckStatusDirectDebitDTO {
    originalPartnerReferenceNo: string;
    serviceCode: string;
    additionalInfo: Record<string, unknown>;
  }
}

declare module 'doku-nodejs-library/_models/refundRequestDTO.js' {
  const RefundRequestDto: new (
    originalPartnerReferenceNo: string,
    refundAmount: { value: string; currency: string },
    partnerRefundNo: string,
    originalExternalId: string,
    reason: string,
    additionalInfo: Record<string, unknown>,
  ) => object;
  export default RefundRequestDto;
}

declare module 'doku-nodejs-library/_models/createVaRequestDto.js' {
  const CreateVARequestDto: new (
    partnerServiceId: string,
    customerNo: string,
    virtualAccountNo: string,
    virtualAccountName: string,
    virtualAccountEmail: string,
    virtualAccountPhone: string,
    trxId: string,
    totalAmount: object,
    additionalInfo: object,
    virtualAccountTrxType: string,
    expiredDate: string,
    freeText?: { english: string; indonesia: string }[],
  ) => object;
  export default CreateVARequestDto;
}

declare module 'doku-nodejs-library/_models/additionalInfo.js' {
  const AdditionalInfo: new (channel: string, virtualAccountConfig: object) => object;
  export default AdditionalInfo;
}

declare module 'doku-nodejs-library/_models/virtualAccountConfig.js' {
  const VirtualAccountConfig: new (reusableStatus: boolean, maxAmount?: string, minAmount?: string) => object;
  export default VirtualAccountConfig;
}

declare module 'doku-nodejs-library/_models/totalAmount.js' {
  const TotalAmount: new (value: string, currency: string) => object;
  export default TotalAmount;
}
