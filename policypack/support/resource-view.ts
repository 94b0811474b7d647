/**
 * Resources as the pack's checks read them: the engine's raw values with secrets revealed and
 * unknowns kept as sentinels (see components/model/core/property-values), so a check decides what an
 * unknown value means instead of `@pulumi/policy` aborting it at the first read.
 */
import { isPlainObject, revealSecrets } from "../../components/model/core";
import { ResourceSnapshot } from "../../components/model/analysis";

/** One resource and its provider, plain data: the model's snapshot of a resource. */
export type ResourceView = ResourceSnapshot & { name: string };

/**
 * `@pulumi/policy` wraps props in a proxy that throws on reading an unknown value; this key of the
 * proxy returns the object underneath (`proxy.js`, `getSpecialProxyTarget`). On a plain object it
 * reads as undefined, so tests may pass either.
 */
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

/** The plain object under a `@pulumi/policy` props proxy, secrets revealed; {} if not an object. */
export function plainProperties(props: unknown): Record<string, unknown> {
  const target = isPlainObject(props) ? (props[PROXY_TARGET_KEY] ?? props) : props;
  const revealed = revealSecrets(target);
  return isPlainObject(revealed) ? revealed : {};
}

/** What `@pulumi/policy` passes about a resource, in both resource and stack validations. */
export interface PolicyResourceLike {
  type: string;
  urn: string;
  name: string;
  props: unknown;
  provider?: { urn: string; props: unknown };
}

/** The view of a resource handed to a validation. */
export function viewOf(resource: PolicyResourceLike): ResourceView {
  const view: ResourceView = {
    type: resource.type,
    urn: resource.urn,
    name: resource.name,
    props: plainProperties(resource.props),
  };
  if (resource.provider !== undefined) {
    view.providerUrn = resource.provider.urn;
    view.providerProps = plainProperties(resource.provider.props);
  }
  return view;
}
