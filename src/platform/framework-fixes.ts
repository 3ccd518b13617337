/** Fixes the UI framework needs at app start: none in the mini-program (React); H5 runs on Preact (framework-fixes.h5.ts). */
export function installFrameworkFixes(): void {}
