// `npm run setup`: installs what the test layers need beyond `npm install` (Debian packages as root, else the
// sudo line to run; then code-server into its cache folder). `node scripts/setup.mjs --check [layer...]` is the
// pre-step of `npm test` and of each layer: it installs nothing, and when something is missing it prints the
// list and the one command that installs it, and fails.
import { ALL_LAYERS, aptInstall, installCommand, isRoot, missing } from './systemDeps.mjs';

const args = process.argv.slice(2);

function report(gaps, layers) {
  const pkgs = [...new Set(gaps.map((d) => d.pkg))];
  const lines = [
    `SpecSocket's tests (${layers.join(', ')}) need what this machine lacks:`,
    ...gaps.map((d) => `  - ${d.what}: Debian package ${d.pkg} (for ${d.layers.join(', ')})`),
    '',
    'Install everything with:',
    '  npm run setup',
    `which runs: ${installCommand(pkgs)}`,
  ];
  console.error(lines.join('\n'));
}

if (args[0] === '--check') {
  const layers = args.length > 1 ? args.slice(1) : ALL_LAYERS;
  const gaps = missing(layers);
  if (gaps.length > 0) {
    report(gaps, layers);
    process.exit(1);
  }
} else {
  const gaps = missing();
  if (gaps.length > 0) {
    const pkgs = [...new Set(gaps.map((d) => d.pkg))];
    if (!isRoot()) {
      console.error(`Installing Debian packages needs root. Run:\n  ${installCommand(pkgs)}\nthen npm run setup again.`);
      process.exit(1);
    }
    console.error(`Installing Debian packages: ${pkgs.join(' ')}`);
    aptInstall(pkgs);
    const still = missing();
    if (still.length > 0) {
      report(still, ALL_LAYERS);
      process.exit(1);
    }
  }
  // The e2e layer's VS Code (and `npm start`'s when desktop `code` is absent): minutes the first time, then cached.
  const { ensureCodeServer } = await import('../test/e2e/codeServer.mjs');
  ensureCodeServer();
  console.error('SpecSocket: every test layer has what it needs.');
}
