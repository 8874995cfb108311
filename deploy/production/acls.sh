#!/usr/bin/env bash
# Users and ACLs of a Veritrail deployment on a SASL/SCRAM cluster (see broker-sasl-scram.properties).
# Least privilege: only the ingest principal may write `events`; third parties may only write `events.inbox`;
# the projector and integrity services read the log and write only their own outputs.
# Usage: BOOTSTRAP=broker-1:9093 ADMIN_CONFIG=admin.properties ./acls.sh   (kafka-*.sh from Kafka 4.3 on PATH)
set -euo pipefail
: "${BOOTSTRAP:?broker address}" "${ADMIN_CONFIG:?client config of a super user}"
acl() { kafka-acls.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --add "$@"; }
user() { # user <name>: reads the password from the environment variable named after it
  local var="PASSWORD_${1//-/_}"
  kafka-configs.sh --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_CONFIG" --alter \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=${!var:?set $var}]" --entity-type users --entity-name "$1"
}
for u in veritrail-ingest veritrail-projector veritrail-integrity partner-producer; do user "$u"; done

# ingest: the only writer of the log, through its one transactional id; reads the inbox, writes dead letters.
acl --allow-principal User:veritrail-ingest --operation Write --operation Describe --topic events
acl --allow-principal User:veritrail-ingest --operation Read --operation Describe --topic events
acl --allow-principal User:veritrail-ingest --operation Write --operation Describe --transactional-id veritrail-ingest-writer
acl --allow-principal User:veritrail-ingest --operation Read --topic events.inbox --group veritrail-ingest-inbox
acl --allow-principal User:veritrail-ingest --operation Write --topic events.dlq
acl --allow-principal User:veritrail-ingest --operation IdempotentWrite --cluster

# projector (Kafka Streams, application id veritrail-projector): reads the log; owns its internal topics,
# group and transactional ids, all prefixed with the application id; writes its output topics.
acl --allow-principal User:veritrail-projector --operation Read --operation Describe --topic events
acl --allow-principal User:veritrail-projector --operation All --resource-pattern-type prefixed --topic veritrail-projector
acl --allow-principal User:veritrail-projector --operation All --resource-pattern-type prefixed --group veritrail-projector
acl --allow-principal User:veritrail-projector --operation All --resource-pattern-type prefixed --transactional-id veritrail-projector
for t in entity-changes entity-state entity-memberships events.rejected projector.commands; do
  acl --allow-principal User:veritrail-projector --operation Write --operation Read --operation Describe --topic "$t"
done

# integrity: reads the log, publishes signed checkpoints.
acl --allow-principal User:veritrail-integrity --operation Read --operation Describe --topic events
acl --allow-principal User:veritrail-integrity --operation Write --operation Read --operation Describe --topic merkle-checkpoints

# third-party producers: the front door only; ingest checks everything they send.
acl --allow-principal User:partner-producer --operation Write --operation Describe --topic events.inbox

# Nobody else may write the log; an explicit deny also covers any later wildcard allow.
acl --deny-principal User:partner-producer --deny-principal User:veritrail-projector \
    --deny-principal User:veritrail-integrity --operation Write --topic events
