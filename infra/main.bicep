// The feedback loop on Azure: a Flex Consumption Function App running Feedback.Functions
// (dotnet-isolated, .NET 10) with Durable Functions on its storage account, a user-assigned
// identity (no shared keys anywhere), Log Analytics + Application Insights, and a Key Vault holding
// every secret the app reads. Plain resource declarations only, so it builds and lints offline.
targetScope = 'resourceGroup'

@description('Environment name (azd): prefixes resource names and tags them.')
@minLength(2)
@maxLength(16)
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Snowflake account URL, e.g. https://myorg-myaccount.snowflakecomputing.com (empty until Snowflake is set up).')
param snowflakeAccountUrl string = ''

@description('Snowflake account identifier, e.g. MYORG-MYACCOUNT.')
param snowflakeAccount string = ''

@description('Snowflake user whose public key is registered.')
param snowflakeUser string = ''

@description('Snowflake warehouse the metrics statements run on (empty: the user default).')
param snowflakeWarehouse string = ''

@description('Snowflake role the metrics statements run as (empty: the user default).')
param snowflakeRole string = ''

@description('S3 bucket of the object store (sources, datasets, reports, registry).')
param s3Bucket string = 'feedback-loop'

@description('AWS region of the bucket.')
param s3Region string = 'us-east-1'

@description('Anyscale control-plane URL (console.azure.anyscale.com for Anyscale on Azure).')
param anyscaleBaseUrl string = 'https://console.anyscale.com'

@description('Anyscale project the fine-tuning jobs and services belong to (prj_...; empty: the default project).')
param anyscaleProjectId string = ''

@description('Build id (bld_...) of the LLM-Forge image fine-tuning jobs run on. Required: the app refuses to start without it.')
param anyscaleFineTuneBuildId string = ''

@description('Compute config id (cpt_...) with the GPU workers of fine-tuning jobs. Required.')
param anyscaleFineTuneComputeConfigId string = ''

@description('Build id (bld_...) of the Ray Serve LLM image the service runs on. Required.')
param anyscaleServingBuildId string = ''

@description('Compute config id (cpt_...) of the service. Required.')
param anyscaleServingComputeConfigId string = ''

@description('Labelled records added since the last fine-tune that trigger a new one.')
@minValue(1)
param fineTuneThreshold int = 200

@description('Whether rollouts wait for an ApproveRollout event before promoting.')
param requireApproval bool = false

@description('Maximum Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var prefix = toLower(replace(environmentName, '-', ''))
var tags = { 'azd-env-name': environmentName, product: 'feedback-loop' }
var storageName = take('st${prefix}${token}', 24)
var vaultName = take('kv-${prefix}-${token}', 24)
var deploymentContainer = 'deploymentpackage'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${prefix}-${token}'
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentPackages 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainer
}

resource feedbackContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'feedback'
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource dataTransformedQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'data-transformed'
}

resource dataTransformedPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'data-transformed-poison'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    scope: storage
    name: guid(storage.id, identity.id, role)
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${prefix}-${token}'
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${prefix}-${token}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource insightsRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// Secrets are set after deployment (docs/deploy.md); the app reads them through Key Vault references.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    enablePurgeProtection: true
  }
}

resource vaultRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${prefix}-${token}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

// Every setting the Functions app reads (the settings-coverage test checks this block against the
// options classes). Secrets are Key Vault references, never values.
var secret = {
  anyscaleToken: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=anyscale-token)'
  snowflakePrivateKey: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=snowflake-private-key)'
  slackWebhookUrl: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=slack-webhook-url)'
  s3AccessKey: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=s3-access-key)'
  s3SecretKey: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=s3-secret-key)'
}

var appSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
  Triggers__Schedule__Orchestration: 'DataUpdateOrchestration'
  Triggers__Schedule__Cron: '0 0 * * * *'
  Triggers__Schedule__InstanceId: 'DataUpdate'
  Triggers__Queue__Orchestration: 'ModelUpdateOrchestration'
  Triggers__Queue__QueueName: dataTransformedQueue.name
  Triggers__Queue__VisibilityTimeout: '00:00:30'
  Triggers__Queue__MaxDequeueCount: '5'
  Triggers__Queue__PollingInterval: '00:00:02'
  Triggers__SourcePoll__Orchestration: 'DataUpdateOrchestration'
  Triggers__SourcePoll__Cron: '0 * * * * *'
  Triggers__SourcePoll__InstanceId: 'DataUpdate'
  Triggers__Blob__Orchestration: 'DataUpdateOrchestration'
  Triggers__Blob__Container: feedbackContainer.name
  Triggers__Blob__Prefix: 'sources/'
  Triggers__Blob__PollingInterval: '00:00:10'
  Triggers__Blob__InstanceId: 'DataUpdate'
  Triggers__Blob__SettlePolls: '0'
  DataUpdate__TestSetKey: 'reference/test.jsonl'
  DataUpdate__ValidPercent: '10'
  DataUpdate__EventQueue: dataTransformedQueue.name
  DataUpdate__MaxParallelTransforms: '8'
  DataUpdate__TransformBatchObjects: '64'
  DataUpdate__TransformBatchBytes: '16777216'
  ObjectStore__Kind: 'S3'
  ObjectStore__Bucket: s3Bucket
  ObjectStore__Region: s3Region
  ObjectStore__ForcePathStyle: 'false'
  ObjectStore__UseChunkEncoding: 'true'
  ObjectStore__AccessKey: secret.s3AccessKey
  ObjectStore__SecretKey: secret.s3SecretKey
  Metrics__Kind: 'Snowflake'
  Snowflake__AccountUrl: snowflakeAccountUrl
  Snowflake__Account: snowflakeAccount
  Snowflake__User: snowflakeUser
  Snowflake__PrivateKeyPem: secret.snowflakePrivateKey
  Snowflake__Database: 'FEEDBACK'
  Snowflake__Schema: 'METRICS'
  Snowflake__Warehouse: snowflakeWarehouse
  Snowflake__Role: snowflakeRole
  Snowflake__StatementTimeoutSeconds: '120'
  Snowflake__PollInterval: '00:00:00.500'
  Anyscale__BaseUrl: anyscaleBaseUrl
  Anyscale__Token: secret.anyscaleToken
  Anyscale__ProjectId: anyscaleProjectId
  Anyscale__FineTuneBuildId: anyscaleFineTuneBuildId
  Anyscale__FineTuneComputeConfigId: anyscaleFineTuneComputeConfigId
  Anyscale__ServingBuildId: anyscaleServingBuildId
  Anyscale__ServingComputeConfigId: anyscaleServingComputeConfigId
  Anyscale__AttemptTimeout: '00:00:10'
  Anyscale__MaxRetries: '4'
  Anyscale__RetryDelay: '00:00:00.500'
  FineTune__ModelId: 'mistralai/Mistral-7B-Instruct-v0.1'
  FineTune__ContextLength: '512'
  FineTune__NumDevices: '4'
  FineTune__NumEpochs: '12'
  FineTune__TrainBatchSizePerDevice: '8'
  FineTune__EvalBatchSizePerDevice: '8'
  FineTune__LearningRate: '0.0001'
  FineTune__NumCheckpointsToKeep: '1'
  FineTune__AcceleratorType: 'A10G'
  FineTune__DeepspeedConfigPath: 'deepspeed_configs/zero_3_offload_optim+param.json'
  FineTune__FlashAttention2: 'true'
  FineTune__LoraRank: '8'
  FineTune__LoraAlpha: '16'
  FineTune__LoraDropout: '0.05'
  FineTune__Entrypoint: 'llmforge dev finetune {config} --model-tag={modelTag} --forward-best-checkpoint-remote-uri={checkpointUri}'
  Serving__AcceleratorType: 'A10G'
  Serving__MinReplicas: '1'
  Serving__MaxReplicas: '2'
  Serving__MaxLoraRank: '32'
  Serving__MaxAdaptersPerReplica: '16'
  Serving__MaxModelLength: '4096'
  ModelUpdate__Threshold: string(fineTuneThreshold)
  ModelUpdate__ServiceName: 'viggo'
  ModelUpdate__BaseModelId: 'mistralai/Mistral-7B-Instruct-v0.1'
  ModelUpdate__FineTuneTimeout: '06:00:00'
  ModelUpdate__FineTuneAttempts: '3'
  ModelUpdate__FirstPoll: '00:00:10'
  ModelUpdate__MaxPoll: '00:05:00'
  ModelUpdate__DeployGracePeriod: '00:30:00'
  ModelUpdate__AutoRollout: 'true'
  ModelUpdate__RequireApproval: string(requireApproval)
  ModelUpdate__LeaseDuration: '1.00:00:00'
  ModelUpdate__SubmissionClaimLifetime: '00:10:00'
  Decision__Margin: '0.02'
  Decision__Alpha: '0.05'
  Decision__BootstrapResamples: '2000'
  Decision__Seed: '20261129'
  Structuring__MaxBatchItems: '32'
  Structuring__RequestConcurrency: '8'
  Structuring__BatchSize: '50'
  Structuring__Parallelism: '4'
  Structuring__ChampionCacheDuration: '00:00:05'
  Structuring__StructureNewVersions: 'true'
  Slack__WebhookUrl: secret.slackWebhookUrl
  Slack__ReportBaseUrl: ''
  Slack__ReportLinkLifetime: '7.00:00:00'
  Api__MaxPayloadBytes: '1048576'
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: 'func-${prefix}-${token}'
  location: location
  tags: union(tags, { 'azd-service-name': 'functions' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }
  dependsOn: [
    storageRoleAssignments
    vaultRoleAssignment
    insightsRoleAssignment
    deploymentPackages
  ]
}

resource functionAppSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: appSettings
}

// Blob-arrival trigger on Flex Consumption runs on Event Grid: the system topic is created here; the
// subscription to the function's blobs webhook is created after the code is deployed (azure.yaml
// postdeploy hook, docs/deploy.md), because its endpoint needs the app's blobs_extension key.
resource storageEvents 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-${prefix}-${token}'
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('The Function App name.')
output functionAppName string = functionApp.name

@description('The HTTP endpoint of the Functions app (orchestrator starts and Durable management routes).')
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'

@description('The storage account of the task hub and the event queue.')
output storageAccountName string = storage.name

@description('The Key Vault to set the secrets in.')
output keyVaultName string = vault.name

@description('The Key Vault URI.')
output keyVaultUri string = vault.properties.vaultUri

@description('The Event Grid system topic of the storage account, for the blob trigger subscription.')
output storageEventsTopicName string = storageEvents.name

@description('The Application Insights resource.')
output applicationInsightsName string = insights.name
