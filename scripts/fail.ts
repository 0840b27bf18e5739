/** Every error the signer raises starts with "kontrak: "; one helper keeps that prefix in one place. */
export const fail: (why: string) => never = (why) => {
  throw new Error('kontrak: ' + why);
};
