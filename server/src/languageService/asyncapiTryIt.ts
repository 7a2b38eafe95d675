/** The Try it model for AsyncAPI documents (built in `tryIt/`). */
import type { LanguageFeatures } from './features';
import { buildAsyncapiModel } from './tryIt/buildModel';

export const asyncapiTryIt: LanguageFeatures = {
  tryItModel(ctx) {
    if (ctx.kind !== 'asyncapi') return undefined;
    const { model, files } = buildAsyncapiModel(ctx.doc, ctx.store);
    for (const f of files) ctx.dependsOn.add(f);
    return model;
  },
};
