/** Property values as a preview shows them to people: secrets masked, unknowns spelled out. */
import { isUnknown, isWrappedSecret } from "../../components/model/core";

/** What a secret shows as, as in `pulumi preview`. */
export const SECRET_MASK = "[secret]";
/** What a value unknown until apply shows as. */
export const UNKNOWN_TEXT = "(known after apply)";

/** The value with secrets masked and unknowns spelled out, at any depth. */
export function displayValue(value: unknown): unknown {
  if (isWrappedSecret(value)) {
    return SECRET_MASK;
  }
  if (isUnknown(value)) {
    return UNKNOWN_TEXT;
  }
  if (Array.isArray(value)) {
    return value.map(displayValue);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, displayValue(item)]),
    );
  }
  return value;
}
