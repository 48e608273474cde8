using './main.bicep'

// Non-secret values only: secrets go to Key Vault (docs/deploy.md).
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'feedback-dev')
param location = readEnvironmentVariable('AZURE_LOCATION', 'westeurope')
param s3Bucket = readEnvironmentVariable('FEEDBACK_S3_BUCKET', 'feedback-loop')
param s3Region = readEnvironmentVariable('FEEDBACK_S3_REGION', 'us-east-1')
param snowflakeAccountUrl = readEnvironmentVariable('FEEDBACK_SNOWFLAKE_ACCOUNT_URL', '')
param snowflakeAccount = readEnvironmentVariable('FEEDBACK_SNOWFLAKE_ACCOUNT', '')
param snowflakeUser = readEnvironmentVariable('FEEDBACK_SNOWFLAKE_USER', '')
param anyscaleProjectId = readEnvironmentVariable('FEEDBACK_ANYSCALE_PROJECT_ID', '')
param anyscaleFineTuneBuildId = readEnvironmentVariable('FEEDBACK_ANYSCALE_FINETUNE_BUILD_ID', '')
param anyscaleFineTuneComputeConfigId = readEnvironmentVariable('FEEDBACK_ANYSCALE_FINETUNE_COMPUTE_CONFIG_ID', '')
param anyscaleServingBuildId = readEnvironmentVariable('FEEDBACK_ANYSCALE_SERVING_BUILD_ID', '')
param anyscaleServingComputeConfigId = readEnvironmentVariable('FEEDBACK_ANYSCALE_SERVING_COMPUTE_CONFIG_ID', '')
