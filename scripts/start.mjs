// `npm start`: build, then say how to load the extension (a later step opens a real VS Code with examples/).
import { execFileSync } from 'node:child_process';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
console.log(`
SpecSocket is built in dist/.
Load it in VS Code:  code --extensionDevelopmentPath="${process.cwd()}" examples/
Check specs on the command line:  node dist/cli.js check examples/
`);
