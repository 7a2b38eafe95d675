/** A Try it tab's title: the spec's file name with its folder, since many specs are all called `asyncapi.yaml`. */
export function panelTitle(uri: string): string {
  const parts = uri.split(/[?#]/)[0]!.split('/').map(decodeURIComponent);
  const [folder, file] = [parts.at(-2), parts.at(-1) ?? uri];
  return `Try it: ${folder ? `${folder}/` : ''}${file}`;
}
