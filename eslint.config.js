// Lint: typescript-eslint's strict type-checked rules, with a complexity cap per function.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'reports/', '.kontrak/', 'bin/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      complexity: ['error', 20],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(x) => resolve(x)` and `() => server.close()` are the idiom for callbacks; braces add
      // nothing there. Void results are still refused in returns and in conditions.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `const { secret: _dropped, ...rest } = x` is how an object loses a key without `delete`.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benchmarks index into fixtures and results they have just built; a wrong
      // assumption there fails them at once, so `!` says what they expect rather than hiding a bug.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
