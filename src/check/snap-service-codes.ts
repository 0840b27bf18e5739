/**
 * SNAP service codes by endpoint path suffix (protocols.md §1.7). The middle two digits of every
 * responseCode must equal the code of the endpoint that answered.
 */
const SERVICE_CODES: ReadonlyArray<readonly [string, string]> = [
  ['/registration-card-bind', '01'], ['/registration/card-bind-limit', '02'], ['/registration-card-inquiry', '03'],
  ['/otp-verification', '04'], ['/registration-card-unbind', '05'], ['/registration-account-creation', '06'],
  ['/registration-account-binding', '07'], ['/registration-account-inquiry', '08'], ['/registration-account-unbinding', '09'],
  ['/get-auth-code', '10'], ['/balance-inquiry', '11'], ['/transaction-history-list', '12'], ['/transaction-history-detail', '13'],
  ['/bank-statement', '14'], ['/account-inquiry-internal', '15'], ['/account-inquiry-external', '16'],
  ['/transfer-intrabank', '17'], ['/transfer-interbank', '18'], ['/transfer-request-for-payment', '19'],
  ['/transfer-interbank-bulk', '20'], ['/transfer-interbank-bulk/notify', '21'], ['/transfer-rtgs', '22'], ['/transfer-skn', '23'],
  ['/transfer-va/inquiry', '24'], ['/transfer-va/payment', '25'], ['/transfer-va/status', '26'], ['/transfer-va/create-va', '27'],
  ['/transfer-va/update-va', '28'], ['/transfer-va/update-status', '29'], ['/transfer-va/inquiry-va', '30'],
  ['/transfer-va/delete-va', '31'], ['/transfer-va/inquiry-intrabank', '32'], ['/transfer-va/payment-intrabank', '33'],
  ['/transfer-va/notify-payment-intrabank', '34'], ['/transfer-va/report', '35'], ['/transfer/status', '36'],
  ['/emoney/account-inquiry', '37'], ['/emoney/topup', '38'], ['/emoney/topup-status', '39'],
  ['/emoney/bulk-cashin-payment', '40'], ['/emoney/bulk-cashin-notify', '41'], ['/emoney/bank-account-inquiry', '42'],
  ['/emoney/transfer-bank', '43'], ['/emoney/otc-cashout', '44'], ['/emoney/otc-status', '45'], ['/emoney/otc-cancel', '46'],
  ['/qr/qr-mpm-generate', '47'], ['/qr/qr-mpm-decode', '48'], ['/qr/apply-ott', '49'], ['/qr/qr-mpm-payment', '50'],
  ['/qr/qr-mpm-query', '51'], ['/qr/qr-mpm-notify', '52'], ['/qr/qr-mpm-status', '53'], ['/debit/payment-host-to-host', '54'],
  ['/debit/status', '55'], ['/debit/notify', '56'], ['/debit/cancel', '57'], ['/debit/refund', '58'],
  ['/qr/qr-cpm-generate', '59'], ['/qr/qr-cpm-payment', '60'], ['/qr/qr-cpm-query', '61'], ['/qr/qr-cpm-cancel', '62'],
  ['/auth/payment', '63'], ['/auth/query', '64'], ['/auth/capture', '65'], ['/auth/capture-query', '66'], ['/auth/void', '67'],
  ['/auth/void-query', '68'], ['/auth/refund', '69'], ['/debit/fast-emandate', '70'], ['/debit/fast-payment', '71'],
  ['/debit/fast-notify', '72'], ['/access-token/b2b', '73'], ['/access-token/b2b2c', '74'], ['/transfer-skn/notify', '75'],
  ['/transfer-rtgs/notify', '76'], ['/qr/qr-mpm-cancel', '77'], ['/qr/qr-mpm-refund', '78'], ['/qr/qr-cpm-notify', '79'],
  ['/qr/qr-cpm-refund', '80'], ['/otp', '81'],
];

/** The service code of an endpoint from its path (`…/v1.0/transfer-va/create-va` → `27`). */
export function serviceCodeOf(path: string): string | undefined {
  const clean = path.split('?')[0]!.replace(/\/+$/, '');
  let best: readonly [string, string] | undefined;
  for (const entry of SERVICE_CODES) {
    if (clean.endsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1];
}
