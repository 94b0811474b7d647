// js-yaml 4 is installed as a dependency of @pulumi/pulumi but has no types here (no @types/js-yaml
// in package.json): this declares the one function the preview uses.
declare module "js-yaml" {
  /** Parses one YAML document (js-yaml 4 `load`, default schema). Throws `YAMLException`. */
  export function load(text: string, options?: { filename?: string }): unknown;
}
