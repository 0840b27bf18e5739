/** When `kontrak diff` exits 1: on any change, only on breaking ones (gone or retyped), or never. */
export const FAIL_ON = ['drift', 'removed', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];
