// Stored keys of every awkward form, each with whether the API Worker's cheap
// rejection (couldBeKey, src/pipeline/auth.ts: 1–64 characters from ! to ~)
// refuses it. The stored-keys gate's SQL is tested on them against MariaDB
// (scripts/gates/stored-keys.test.ts), couldBeKey itself in workerd
// (tests/worker/stored-key-rule.test.ts): both must give these answers.

export interface KeySample {
  key: string
  refused: boolean
}

export const KEY_SAMPLES: readonly KeySample[] = [
  { key: 'adv-int-main-0001', refused: false },
  { key: '!"#$%&\'()*+,-./0123456789:;<=>?@AZ[\\]^_`az{|}~', refused: false },
  { key: 'k'.repeat(64), refused: false },
  { key: 'k'.repeat(65), refused: true },
  { key: '', refused: true },
  { key: 'inner space', refused: true },
  { key: 'trailing-space ', refused: true },
  { key: ' leading-space', refused: true },
  { key: 'final-newline\n', refused: true },
  { key: 'tab\t', refused: true },
  { key: 'del\u007f', refused: true },
  { key: 'nul\u0000', refused: true },
  { key: 'accent-é', refused: true },
  { key: 'emoji-🎉', refused: true },
]
