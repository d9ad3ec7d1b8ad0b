/**
 * `npm run lint` runs this after ESLint: no import may close a circle in src/, commands/ or bench/
 * (type-only imports count too), so the layering drawn in docs/architecture.md stays true.
 */
export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "This import closes a circle. Move the shared part down into a leaf (a types file, a profile) that both sides import.",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(node_modules|data|dist|coverage)/" },
  },
};
