#!/usr/bin/env sh
# Subscribes the Functions app's blob trigger (BlobArrivalStart, Event Grid source) to new blobs under
# feedback/sources/ on the storage account. Runs after `azd deploy`: the webhook needs the app's
# blobs_extension system key, which exists only once the code is deployed. Idempotent.
set -eu
: "${AZURE_RESOURCE_GROUP:?run through azd (or export AZURE_RESOURCE_GROUP)}"
app=$(azd env get-value functionAppName)
topic=$(azd env get-value storageEventsTopicName)
key=$(az functionapp keys list -g "$AZURE_RESOURCE_GROUP" -n "$app" --query "systemKeys.blobs_extension" -o tsv)
endpoint="https://${app}.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.BlobArrivalStart&code=${key}"
az eventgrid system-topic event-subscription create \
  --name blob-arrival \
  -g "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$topic" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with /blobServices/default/containers/feedback/blobs/sources/ \
  --output none
echo "blob trigger subscribed: $topic -> $app"
