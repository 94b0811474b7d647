/**
 * The four registry policies of the ECR user guide's "Private registry policy examples"
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-examples.html), as
 * the page printed them when this project began (its second example repeated the Sid
 * `ReplicationAccessCrossAccount`; later versions number them), with the placeholders replaced:
 * the source account 444455556666 replicates into the destination registry 111122223333 in
 * us-west-2.
 */

export const SOURCE_ACCOUNT = "444455556666";
export const DESTINATION = { accountId: "111122223333", region: "us-west-2" };

const statement = (actions: string[], repository: string) => ({
  Sid: "ReplicationAccessCrossAccount",
  Effect: "Allow",
  Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
  Action: actions,
  Resource: [`arn:aws:ecr:us-west-2:${DESTINATION.accountId}:repository/${repository}`],
});

/** 1. The source account may replicate (and create) every repository. */
export const SEED_ALL_REPOSITORIES = {
  Version: "2012-10-17",
  Statement: [statement(["ecr:CreateRepository", "ecr:ReplicateImage"], "*")],
};

/** 2. Multiple accounts: the page repeats the Sid, which IAM forbids. */
export const SEED_MULTIPLE_ACCOUNTS = {
  Version: "2012-10-17",
  Statement: [
    statement(["ecr:CreateRepository", "ecr:ReplicateImage"], "*"),
    statement(["ecr:CreateRepository", "ecr:ReplicateImage"], "*"),
  ],
};

/** 3. Only repositories starting with `prod-`. */
export const SEED_PROD_PREFIX = {
  Version: "2012-10-17",
  Statement: [statement(["ecr:CreateRepository", "ecr:ReplicateImage"], "prod-*")],
};

/** 4. Replication without `ecr:CreateRepository`. */
export const SEED_WITHOUT_CREATE = {
  Version: "2012-10-17",
  Statement: [statement(["ecr:ReplicateImage"], "*")],
};
