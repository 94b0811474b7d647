#!/usr/bin/env bash
# Collects what `npm run audit` reads, with the AWS CLI: for every account and region,
# OUT/<account>/<region>/ holding the JSON output of
#   aws ecr describe-registry                                -> describe-registry.json
#   aws ecr get-registry-policy                              -> get-registry-policy.json
#       (no file when the registry has no policy: RegistryPolicyNotFoundException)
#   aws ecr describe-repository-creation-templates           -> describe-repository-creation-templates.json
#   aws ecr get-account-setting --name REGISTRY_POLICY_SCOPE -> get-account-setting.json
#
# usage:
#   tools/collect-registries.sh --regions us-east-1,us-west-2 --profiles build,workload-a [--out DIR]
#   tools/collect-registries.sh --regions us-east-1,us-west-2 --accounts 111111111111,222222222222 \
#       --role-name ROLE [--profile PROFILE] [--partition aws|aws-cn|aws-us-gov] [--out DIR]
#
# With --profiles, each profile's account is asked of STS (get-caller-identity). With --accounts,
# the role arn:<partition>:iam::<account>:role/<ROLE> is assumed in each account (from --profile, or
# the ambient credentials) and the account checked. A registry's folder is written only once its
# describe-registry and get-registry-policy have both answered (it is collected in a hidden folder
# first), so a failed registry is missing, never half there: the audit then calls routes into it
# unverified rather than broken. Creation templates and the account setting are optional: a
# failure (templates are not offered in the China and GovCloud regions) is a warning and no file.
# Exit status: 0 when every registry was collected, 1 when one failed, 2 for a bad command line.
set -u -o pipefail

usage() {
  sed -n '/^# usage:/,/^#$/{/^#$/!p;}' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

out="registries"
regions=""
profiles=""
accounts=""
role_name=""
profile=""
partition="aws"
while [ $# -gt 0 ]; do
  case "$1" in
    --out | --regions | --profiles | --accounts | --role-name | --profile | --partition)
      [ $# -ge 2 ] && [ -n "$2" ] && [ "${2#-}" = "$2" ] || { echo "error: $1 needs a value" >&2; usage; }
      case "$1" in
        --out) out="$2" ;;
        --regions) regions="$2" ;;
        --profiles) profiles="$2" ;;
        --accounts) accounts="$2" ;;
        --role-name) role_name="$2" ;;
        --profile) profile="$2" ;;
        --partition) partition="$2" ;;
      esac
      shift 2
      ;;
    -h | --help) usage ;;
    *) echo "error: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$regions" ] || { echo "error: --regions is required" >&2; usage; }
if [ -n "$profiles" ] && [ -n "$accounts" ]; then
  echo "error: give --profiles or --accounts, not both" >&2; usage
fi
[ -n "$profiles$accounts" ] || { echo "error: give --profiles or --accounts" >&2; usage; }
if [ -n "$accounts" ] && [ -z "$role_name" ]; then
  echo "error: --accounts needs --role-name (the role to assume in each account)" >&2; usage
fi
case "$partition" in aws | aws-cn | aws-us-gov) ;; *)
  echo "error: --partition must be aws, aws-cn or aws-us-gov, got '$partition'" >&2; usage ;;
esac
IFS=',' read -r -a region_list <<<"$regions"
IFS=',' read -r -a account_list <<<"$accounts"
for account in "${account_list[@]+"${account_list[@]}"}"; do
  [[ "$account" =~ ^[0-9]{12}$ ]] || {
    echo "error: '$account' is not a 12-digit account id" >&2; usage; }
done
for region in "${region_list[@]}"; do
  [[ "$region" =~ ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$ ]] || {
    echo "error: '$region' is not a region such as us-west-2" >&2; usage; }
done

failed=0
collected=0
warnings=()

# The first line of a command's error output, for messages.
first_line() { head -n 1 "$1" | tr -d '\r'; }

# Collects one registry: aws is run with the credentials set up by the caller ("$@": extra args).
collect_registry() {
  local account="$1" region="$2"
  shift 2
  local work="$out/.collecting-$account-$region" err
  rm -rf "$work" && mkdir -p "$work" || { echo "error: cannot write $work" >&2; failed=$((failed + 1)); return; }
  err="$work/.stderr"
  if ! aws "$@" ecr describe-registry --region "$region" --output json >"$work/describe-registry.json" 2>"$err"; then
    echo "error: $account/$region: aws ecr describe-registry failed: $(first_line "$err")" >&2
    rm -rf "$work"; failed=$((failed + 1)); return
  fi
  if ! aws "$@" ecr get-registry-policy --region "$region" --output json >"$work/get-registry-policy.json" 2>"$err"; then
    if grep -q "RegistryPolicyNotFoundException" "$err"; then
      rm -f "$work/get-registry-policy.json" # the registry has no policy
    else
      echo "error: $account/$region: aws ecr get-registry-policy failed: $(first_line "$err")" >&2
      rm -rf "$work"; failed=$((failed + 1)); return
    fi
  fi
  if ! aws "$@" ecr describe-repository-creation-templates --region "$region" --output json \
    >"$work/describe-repository-creation-templates.json" 2>"$err"; then
    rm -f "$work/describe-repository-creation-templates.json"
    warnings+=("$account/$region: aws ecr describe-repository-creation-templates failed, no file written: $(first_line "$err")")
  fi
  if ! aws "$@" ecr get-account-setting --name REGISTRY_POLICY_SCOPE --region "$region" --output json \
    >"$work/get-account-setting.json" 2>"$err"; then
    rm -f "$work/get-account-setting.json"
    warnings+=("$account/$region: aws ecr get-account-setting failed, no file written: $(first_line "$err")")
  fi
  rm -f "$err"
  mkdir -p "$out/$account" && rm -rf "${out:?}/$account/$region" && mv "$work" "$out/$account/$region" || {
    echo "error: cannot write $out/$account/$region" >&2; failed=$((failed + 1)); return; }
  collected=$((collected + 1))
}

# The 12-digit account the given credentials act in ("$@": extra args), or nothing.
caller_account() {
  local account
  account="$(aws "$@" sts get-caller-identity --query Account --output text 2>"$out/.sts-stderr")" || {
    echo "$(first_line "$out/.sts-stderr")" >"$out/.sts-error"; return 1; }
  [[ "$account" =~ ^[0-9]{12}$ ]] || { echo "answered '$account', not an account id" >"$out/.sts-error"; return 1; }
  echo "$account"
}

mkdir -p "$out" || { echo "error: cannot create $out" >&2; exit 1; }
if [ -n "$profiles" ]; then
  IFS=',' read -r -a profile_list <<<"$profiles"
  for each in "${profile_list[@]}"; do
    if ! account="$(caller_account --profile "$each")"; then
      echo "error: profile $each: aws sts get-caller-identity failed: $(cat "$out/.sts-error")" >&2
      failed=$((failed + ${#region_list[@]})); continue
    fi
    for region in "${region_list[@]}"; do
      collect_registry "$account" "$region" --profile "$each"
    done
  done
else
  base=()
  [ -n "$profile" ] && base=(--profile "$profile")
  for account in "${account_list[@]}"; do
    role_arn="arn:$partition:iam::$account:role/$role_name"
    if ! credentials="$(aws "${base[@]}" sts assume-role --role-arn "$role_arn" \
      --role-session-name ecr-audit-collect \
      --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text 2>"$out/.sts-stderr")"; then
      echo "error: $account: aws sts assume-role $role_arn failed: $(first_line "$out/.sts-stderr")" >&2
      failed=$((failed + ${#region_list[@]})); continue
    fi
    read -r key secret token <<<"$credentials"
    (
      # The assumed role's credentials only, for this account's commands; counted afresh here.
      failed=0
      warnings=()
      unset AWS_PROFILE
      export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_SESSION_TOKEN="$token"
      if ! acting="$(caller_account)"; then
        echo "error: $account: aws sts get-caller-identity failed: $(cat "$out/.sts-error")" >&2
        exit 100
      fi
      if [ "$acting" != "$account" ]; then
        echo "error: $account: the role $role_arn acts in account $acting" >&2
        exit 100
      fi
      for region in "${region_list[@]}"; do
        collect_registry "$account" "$region"
      done
      # Counts cross the subshell through its exit status and a file.
      printf '%s\n' "${warnings[@]+"${warnings[@]}"}" >"$out/.warnings-$account"
      exit $((failed > 99 ? 99 : failed))
    )
    status=$?
    if [ $status -eq 100 ]; then
      failed=$((failed + ${#region_list[@]}))
    else
      failed=$((failed + status))
      collected=$((collected + ${#region_list[@]} - status))
      while IFS= read -r line; do [ -n "$line" ] && warnings+=("$line"); done <"$out/.warnings-$account"
    fi
    rm -f "$out/.warnings-$account"
  done
fi
rm -f "$out/.sts-stderr" "$out/.sts-error"

for warning in "${warnings[@]+"${warnings[@]}"}"; do
  echo "warning: $warning" >&2
done
echo "done: $collected registries collected into $out, $failed failed, ${#warnings[@]} warnings" >&2
[ "$failed" -eq 0 ]
