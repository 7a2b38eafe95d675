/**
 * Server URL variables declared and used (asyncapi2-server-variables; 3.x `host`/`pathname` with our code).
 */
import { Severity } from '../../core/types';
import type { JsonPath } from '../../core/yamlAst';
import { isObj, urlVariables, type Obj, type SemanticContext } from './semanticContext';
import { eachObj } from './walk';

export function checkServers(sc: SemanticContext): void {
  const visit = (path: JsonPath, server: Obj) => {
    if (typeof server.$ref === 'string') return;
    const used = sc.major === 2 ? urlVariables(server.url) : [...urlVariables(server.host), ...urlVariables(server.pathname)];
    const vars = server.variables;
    const code = sc.major === 2 ? 'asyncapi2-server-variables' : 'server-variables';
    const severity = sc.major === 2 ? Severity.Error : Severity.Warning;
    if (!isObj(vars)) {
      if (used.length && vars === undefined)
        sc.report(
          path,
          'server-variable-undeclared',
          `Server URL uses ${used.map((u) => `{${u}}`).join(', ')} but the server has no "variables". Declare each one under "variables".`,
          { severity: Severity.Warning, onKey: true },
        );
      return;
    }
    if (!used.length) return;
    const declared = Object.keys(vars);
    const missing = declared.length ? used.filter((u) => !Object.prototype.hasOwnProperty.call(vars, u)) : used;
    if (missing.length)
      sc.report([...path, 'variables'], code, `Not all server's variables are described with "variables" object. Missed: ${missing.join(', ')}.`, {
        onKey: true,
        severity,
      });
    for (const name of declared)
      if (!used.includes(name))
        sc.report(
          [...path, 'variables', name],
          code,
          `Server's "variables" object has redundant defined "${name}" url variable. Use {${name}} in the URL or remove it.`,
          { onKey: true, severity },
        );
  };
  eachObj(sc.root.servers, (name, s) => visit(['servers', name], s));
  if (isObj(sc.root.components)) eachObj(sc.root.components.servers, (name, s) => visit(['components', 'servers', name], s));
}
