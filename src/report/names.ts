/** The report formats kontrak writes (names only: the CLI checks `--reporters` without loading them). */
export const REPORTER_NAMES = ['html', 'junit', 'json', 'har'] as const;

export type ReporterName = (typeof REPORTER_NAMES)[number];
