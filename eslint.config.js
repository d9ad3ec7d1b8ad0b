// Type-aware lint: the rule that matters most here is no-floating-promises
// (every send, write and reply must be awaited or explicitly voided).
import js from "@eslint/js";
import stylistic from "@stylistic/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "data/**", "coverage/**", "dist/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false, attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
    },
  },
  {
    // The formatter: ESLint Stylistic, set to the style the code is already written in, so
    // `npm run lint` keeps it and `npx eslint --fix .` restores it.
    files: ["**/*.ts", "**/*.mjs", "**/*.js"],
    plugins: { "@stylistic": stylistic },
    rules: {
      "@stylistic/quotes": ["error", "double", { avoidEscape: true, allowTemplateLiterals: "always" }],
      "@stylistic/semi": ["error", "always"],
      "@stylistic/semi-spacing": "error",
      "@stylistic/comma-dangle": ["error", "always-multiline"],
      "@stylistic/comma-spacing": "error",
      "@stylistic/arrow-parens": ["error", "always"],
      "@stylistic/arrow-spacing": "error",
      "@stylistic/block-spacing": "error",
      "@stylistic/brace-style": ["error", "1tbs", { allowSingleLine: true }],
      "@stylistic/key-spacing": "error",
      "@stylistic/keyword-spacing": "error",
      "@stylistic/space-before-blocks": "error",
      "@stylistic/space-infix-ops": "error",
      "@stylistic/space-before-function-paren": ["error", { anonymous: "always", named: "never", asyncArrow: "always" }],
      "@stylistic/eol-last": "error",
      "@stylistic/no-trailing-spaces": "error",
      "@stylistic/no-multiple-empty-lines": ["error", { max: 2, maxBOF: 0 }],
      "@stylistic/no-multi-spaces": ["error", { ignoreEOLComments: true }],
      "@stylistic/type-annotation-spacing": "error",
      "@stylistic/member-delimiter-style": "error",
      "@stylistic/indent": ["error", 2, { SwitchCase: 1, flatTernaryExpressions: true, offsetTernaryExpressions: false, ignoredNodes: ["ConditionalExpression *"] }],
    },
  },
  {
    // Lines of the product code stay readable side by side with a diff; max-len has no fixer, so a
    // long line is wrapped by hand (a lexicon becomes a joined list, not an ignored literal).
    files: ["src/**/*.ts", "commands/**/*.ts", "bench/**/*.ts"],
    plugins: { "@stylistic": stylistic },
    rules: { "@stylistic/max-len": ["error", { code: 160, tabWidth: 2 }] },
  },
  {
    // Plain-JavaScript scripts run by node (the build, the pdf.js worker).
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    // The console adapter, the CLI and benchmarks talk to a terminal on purpose.
    files: ["src/platforms/console/**", "src/cli.ts", "src/cli/**", "bench/**", "test/**"],
    rules: { "no-console": "off" },
  },
);
