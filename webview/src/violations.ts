/** Schema violations, each with a link that reveals the violated schema in the spec. */
import type { Violation, WebviewToHost } from '../../common/src/webviewMessages';
import { h, icon } from './dom';

export function violationList(violations: Violation[], post: (m: WebviewToHost) => void): HTMLElement {
  return h(
    'ul',
    { className: 'violations' },
    ...violations.map((v) => {
      const where = v.path || '(payload)';
      const reveal = v.location
        ? h(
            'a',
            {
              href: '#',
              title: 'Reveal the schema in the spec',
              onclick: ((e: Event) => (e.preventDefault(), post({ type: 'reveal', location: v.location! }))) as EventListener,
            },
            h('span', { text: 'schema' }),
            icon('go-to-file'),
          )
        : null;
      return h('li', {}, icon('error'), h('code', { text: where }), h('span', { text: ` ${v.message} ` }), reveal);
    }),
  );
}
