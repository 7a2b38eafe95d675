// What the test layers need from the machine beyond `npm install`: Debian packages (real peers, a browser, a
// second LSP client) and code-server (from npm, into a cache folder). One list, read by `npm run setup` (installs)
// and by each layer's pre-step (checks, and says in one screen what is missing and the command that installs it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's interpreter: the python3-* packages live there, not in a pyenv/venv `python3`. */
export const PYTHON = '/usr/bin/python3';

const onPath = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const pythonHas = (module) => existsSync(PYTHON) && spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;

/**
 * Each dependency: the layers that need it, how to tell it is there, and the Debian package that brings it.
 * `layers` are the `test:*` script names without the prefix.
 */
export const DEPENDENCIES = [
  { what: 'Python 3 (/usr/bin/python3)', pkg: 'python3', layers: ['peers'], present: () => existsSync(PYTHON) },
  { what: 'Python websockets', pkg: 'python3-websockets', layers: ['peers'], present: () => pythonHas('websockets') },
  { what: 'Python socketio', pkg: 'python3-socketio', layers: ['peers'], present: () => pythonHas('socketio') },
  { what: 'Python websocket-client (socketio client transport)', pkg: 'python3-websocket', layers: ['peers'], present: () => pythonHas('websocket') },
  { what: 'Python aiohttp', pkg: 'python3-aiohttp', layers: ['peers'], present: () => pythonHas('aiohttp') },
  { what: 'Python PyJWT', pkg: 'python3-jwt', layers: ['peers'], present: () => pythonHas('jwt') },
  { what: 'Python stomp.py (frame parser of the STOMP test client)', pkg: 'python3-stomp', layers: ['peers'], present: () => pythonHas('stomp.utils') },
  { what: 'RabbitMQ with Web-STOMP', pkg: 'rabbitmq-server', layers: ['peers'], present: () => existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server') },
  { what: 'Eclipse Mosquitto (MQTT broker)', pkg: 'mosquitto', layers: ['peers'], present: () => existsSync('/usr/sbin/mosquitto') },
  {
    what: 'Mosquitto command-line clients (mosquitto_sub/pub against the MQTT mock)',
    pkg: 'mosquitto-clients',
    layers: ['peers'],
    present: () => onPath('mosquitto_sub'),
  },
  { what: 'openssl (a TLS certificate for the wss tests)', pkg: 'openssl', layers: ['peers'], present: () => onPath('openssl') },
  { what: 'Chromium (/usr/bin/chromium)', pkg: 'chromium', layers: ['webview', 'e2e'], present: () => existsSync('/usr/bin/chromium') },
  { what: 'Neovim (a second LSP client)', pkg: 'neovim', layers: ['lsp'], present: () => onPath('nvim') },
  // code-server's kerberos module builds from source against these headers when no prebuilt binary fits.
  {
    what: 'Kerberos headers (to build code-server)',
    pkg: 'libkrb5-dev',
    layers: ['e2e'],
    present: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/krb5/krb5.h'),
  },
];

export const ALL_LAYERS = ['unit', 'slow', 'lsp', 'e2e', 'peers', 'webview'];

/** The dependencies the given layers need that this machine lacks. */
export function missing(layers = ALL_LAYERS) {
  return DEPENDENCIES.filter((d) => d.layers.some((l) => layers.includes(l)) && !d.present());
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The one command that installs the given packages (as root, or with sudo). */
export function installCommand(pkgs) {
  const apt = `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  return isRoot() ? apt : `sudo sh -c '${apt}'`;
}

/** Installs Debian packages (root only); throws with apt's exit code when it fails. */
export function aptInstall(pkgs) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env });
}
