/**
 * Cases where the access model and `@cloud-copilot/iam-simulate` (0.1.x) disagree, each with the
 * AWS documentation that decides it. ./access-oracle.spec.ts asserts both answers exactly, so a
 * change on either side is noticed; the differential generator leaves these shapes out.
 */
import { OracleRequest } from "./oracle";

/** One recorded disagreement. */
export interface KnownDiscrepancy {
  name: string;
  /** Where AWS documents the behaviour, and which side follows it. */
  source: string;
  document: unknown;
  request: OracleRequest;
  model: "allow" | "deny";
  simulator: "allow" | "deny";
  /**
   * The problem the project's own checks (`validateRegistryPolicy`, so ecr-registry-policy-valid)
   * report for the document: none of these shapes passes the pack, whichever verdict is right.
   */
  flagged: { path: string; message: string };
}

const REGISTRY_ARN = "arn:aws:ecr:us-west-2:222222222222";
const ROLE = "arn:aws:iam::111111111111:role/replicator";

// The account principal in normal form (its :root ARN): validateRegistryPolicy flags only the shape.
function allowOn(resource: string, principal: unknown = { AWS: "arn:aws:iam::111111111111:root" }) {
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: principal, Action: "ecr:ReplicateImage", Resource: resource },
    ],
  };
}

export const KNOWN_DISCREPANCIES: KnownDiscrepancy[] = [
  {
    name: "a '*' ending a segment matches across the following colons (short ARN)",
    source:
      "IAM User Guide, reference_policies_elements_resource: 'If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries.' The model follows it; the simulator pads a short ARN with '*' segments instead and matches per segment.",
    document: allowOn("arn:aws:ecr:*:repository/prod-*"),
    request: { principal: ROLE, action: "ecr:ReplicateImage", repository: "prod-a" },
    model: "allow",
    simulator: "deny",
    flagged: {
      path: "Statement[0].Resource[0]",
      message:
        "must be a private ECR repository ARN arn:aws:ecr:us-west-2:222222222222:repository/<name>, got 'arn:aws:ecr:*:repository/prod-*': an ARN has six ':'-separated parts starting with 'arn'",
    },
  },
  {
    name: "a wildcard may stand for the resource type ('*/prod-a' matches 'repository/prod-a')",
    source:
      "IAM User Guide, reference_policies_elements_resource: wildcards may be used 'within the individual segments of an ARN' and '*' 'can expand to replace everything within a segment, including characters like a forward slash (/)'; only the service segment may not hold one. The model follows it; the simulator requires a literal resource type.",
    document: allowOn(`${REGISTRY_ARN}:*/prod-a`),
    request: { principal: ROLE, action: "ecr:ReplicateImage", repository: "prod-a" },
    model: "allow",
    simulator: "deny",
    flagged: {
      path: "Statement[0].Resource[0]",
      message:
        "must be a private ECR repository ARN arn:aws:ecr:us-west-2:222222222222:repository/<name>, got 'arn:aws:ecr:us-west-2:222222222222:*/prod-a': the resource must start with 'repository/', not '*/prod-a'",
    },
  },
  {
    name: "a principal ARN with a partial wildcard (invalid: AWS refuses the policy)",
    source:
      "IAM User Guide, reference_policies_elements_principal: 'You cannot use a wildcard to match part of a principal name or ARN.' AWS refuses such a document; the simulator ignores the principal, the model reads it as a pattern (an Allow is never silently dropped) and registry-policy checks refuse it.",
    document: allowOn("*", { AWS: "arn:aws:iam::1111*:root" }),
    request: {
      principal: "arn:aws:iam::111111111111:root",
      action: "ecr:ReplicateImage",
      repository: "prod-a",
    },
    model: "allow",
    simulator: "deny",
    flagged: {
      path: "Statement[0].Principal.AWS[0]",
      message:
        "must be a 12-digit account id, arn:<partition>:iam::<account>:root, arn:<partition>:iam::<account>:user/<name>, arn:<partition>:iam::<account>:role/<name>, or \"*\", got 'arn:aws:iam::1111*:root'",
    },
  },
];
