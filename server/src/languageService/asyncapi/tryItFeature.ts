/**
 * The Try it model for AsyncAPI documents (built in `tryIt/`). The panel asks again after every edit and on
 * focus, so the last model of each document version is kept while the files its `$ref`s read are unchanged.
 */
import type { TryItModel } from '../../../../common/src/tryItModel';
import type { LanguageFeatures } from '../core/features';
import type { SpecDocument } from '../core/specDocument';
import { buildAsyncapiModel } from './tryit/buildModel';

interface Cached {
  model: TryItModel;
  /** The parsed version of each referenced file the model was built from (undefined: it did not exist). */
  deps: Map<string, SpecDocument | undefined>;
}

const cache = new WeakMap<SpecDocument, Cached>();

export const asyncapiTryIt: LanguageFeatures = {
  tryItModel(ctx) {
    if (ctx.kind !== 'asyncapi') return undefined;
    const hit = cache.get(ctx.doc);
    if (hit && [...hit.deps].every(([uri, doc]) => ctx.store.get(uri) === doc)) {
      for (const f of hit.deps.keys()) ctx.dependsOn.add(f);
      return hit.model;
    }
    const { model, files } = buildAsyncapiModel(ctx.doc, ctx.store);
    const deps = new Map<string, SpecDocument | undefined>();
    for (const f of files) {
      ctx.dependsOn.add(f);
      deps.set(f, ctx.store.get(f));
    }
    cache.set(ctx.doc, { model, deps });
    return model;
  },
};
