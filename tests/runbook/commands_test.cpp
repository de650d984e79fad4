#include "runbook/commands.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace drillsim::runbook {
namespace {

struct Case {
  std::string line;
  std::string tool;
  std::string action;
  std::string target = {};
  bool observes = false;
};

void expect_each(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    const CommandMatch m = match_command(c.line);
    EXPECT_TRUE(m.known);
    EXPECT_EQ(m.tool, c.tool);
    EXPECT_EQ(m.action, c.action);
    EXPECT_EQ(m.target, c.target);
    EXPECT_EQ(m.observes, c.observes);
  }
}

// Command lines of the example runbooks' code blocks (continuation lines joined), with what they do.
const std::vector<Case>& seed_commands() {
  static const std::vector<Case> cases = {
      {"curl https://api.camarketplace.com/monitoring/version", "curl", "verify", "", true},
      {"curl https://api.camarketplace.com/monitoring/health/db", "curl", "verify", "", true},
      {"git tag -l --sort=-version:refname | head -n 5", "git", "", "", true},
      {"curl -X POST https://status.camarketplace.com/api/incidents -H \"Authorization: Bearer "
       "$STATUS_PAGE_TOKEN\" "
       "-d '{ \"name\": \"Planned Maintenance\", \"status\": \"investigating\" }'",
       "curl", "status_page"},
      {"gh workflow run deploy-production.yml --ref main -f skip_tests=true -f rollback_version=v1.1.5", "gh",
       "pipeline_redeploy"},
      {"gh run watch", "gh", "", "", true},
      {"kubectl logs -f deployment/ca-marketplace-backend -n production", "kubectl", "",
       "ca-marketplace-backend", true},
      {"docker logs -f ca_backend_production", "docker", "", "", true},
      {"curl -X PATCH https://status.camarketplace.com/api/incidents/$INCIDENT_ID -H \"Authorization: Bearer "
       "$STATUS_PAGE_TOKEN\" -d '{ \"status\": \"resolved\" }'",
       "curl", "status_page"},
      {"git diff v1.1.5..v1.2.0 -- backend/prisma/schema.prisma", "git", "", "", true},
      {"kubectl set image deployment/ca-marketplace-backend "
       "backend=ghcr.io/username/ca-marketplace-backend:v1.1.5 "
       "-n production",
       "kubectl", "set_image", "ca-marketplace-backend"},
      {"docker pull ghcr.io/username/ca-marketplace-backend:v1.1.5", "docker", "manual"},
      {"docker-compose up -d backend", "docker compose", "rollout_undo", "backend"},
      {"kubectl rollout status deployment/ca-marketplace-backend -n production", "kubectl", "",
       "ca-marketplace-backend", true},
      {"aws secretsmanager put-secret-value --secret-id ca-marketplace/production/env --secret-string "
       "file://previous-config.json",
       "aws", "restore_config"},
      {"kubectl rollout restart deployment/ca-marketplace-backend -n production", "kubectl", "restore_config",
       "ca-marketplace-backend"},
      {"docker-compose restart backend", "docker compose", "restore_config", "backend"},
      {"PGPASSWORD=$DB_PASS pg_dump -h $DB_HOST -U $DB_USER -d $DB_NAME -F c -f "
       "\"safety_backup_${TIMESTAMP}.dump\"",
       "pg_dump", "manual"},
      {"aws s3 cp \"safety_backup_${TIMESTAMP}.dump\" s3://ca-marketplace-production-backups/safety/", "aws",
       "manual"},
      {"PGPASSWORD=$DB_PASS psql -h $DB_HOST -U $DB_USER -d postgres -c \"SELECT pg_terminate_backend(pid) "
       "FROM "
       "pg_stat_activity WHERE datname = '$DB_NAME' AND pid <> pg_backend_pid();\"",
       "psql", "manual"},
      {"PGPASSWORD=$DB_PASS psql -h $DB_HOST -U $DB_USER -d postgres -c \"DROP DATABASE IF EXISTS "
       "\\\"$DB_NAME\\\";\"",
       "psql", "manual"},
      {"PGPASSWORD=$DB_PASS psql -h $DB_HOST -U $DB_USER -d $DB_NAME -f backup.sql", "psql", "db_restore"},
      {"PGPASSWORD=$DB_PASS psql -h $DB_HOST -U $DB_USER -d $DB_NAME -c \"SELECT count(*) FROM "
       "\\\"User\\\";\"",
       "psql", "verify", "", true},
      {"npx prisma generate", "prisma", "manual"},
      {"pg_restore -t User -t ServiceRequest --data-only --section=data safety_backup.dump | grep \"INSERT\" "
       "> "
       "lost_data.sql",
       "pg_restore", "manual"},
      {"psql $DATABASE_URL", "psql", "manual"},
      {"kubectl set env deployment/ca-marketplace-backend FEATURE_NEW_PAYMENT_ENABLED=false -n production",
       "kubectl", "disable_flag", "ca-marketplace-backend"},
      {"kubectl scale deployment/ca-marketplace-backend-v1.1.5 --replicas=1 -n production", "kubectl",
       "scale", "ca-marketplace-backend-v1.1.5"},
      {"watch -n 5 'curl -s https://api.camarketplace.com/monitoring/metrics | jq .error_rate'", "curl",
       "verify", "", true},
      {"kubectl delete deployment ca-marketplace-backend-v1.2.0 -n production", "kubectl", "manual",
       "ca-marketplace-backend-v1.2.0"},
      {"git tag v1.test.1-staging", "git", "manual"},
      {"git push origin v1.test.1-staging", "git", "manual"},
      {"gh workflow run deploy-staging.yml -f rollback_version=v1.test.0", "gh", "pipeline_redeploy"},
      {"kubectl apply -f k8s/production-test/", "kubectl", "manual"},
      {"docker images consultantpro --format \"table {{.Repository}}\\t{{.Tag}}\\t{{.CreatedAt}}\"", "docker",
       "", "", true},
      {"docker-compose -f docker-compose.prod.yml up -d --no-build", "docker compose", "rollout_undo"},
      {"curl https://api.consultantpro.com/health/ready/", "curl", "verify", "", true},
      {"kubectl scale deployment/consultantpro-api --replicas=0", "kubectl", "scale", "consultantpro-api"},
      {"python manage.py migrate clients 0042_previous_migration", "django", "db_migrate_down"},
      {"python manage.py dbshell", "django", "manual"},
      {"curl -X PATCH https://api.consultantpro.com/api/feature-flags/<flag-id>/ -H \"Authorization: Bearer "
       "<admin-token>\" -d '{\"enabled\": false}'",
       "feature-flag", "disable_flag"},
      {"kubectl rollout undo deployment/catalytic-saas-api -n catalytic-saas", "kubectl", "rollout_undo",
       "catalytic-saas-api"},
      {"kubectl apply -f backups/configmap-backup-<timestamp>.yaml", "kubectl", "restore_config"},
      {"kubectl apply -f backups/secrets-backup-<timestamp>.yaml", "kubectl", "restore_config"},
      {"kubectl rollout pause deployment/catalytic-saas-api -n catalytic-saas", "kubectl", "manual",
       "catalytic-saas-api"},
      {"kubectl scale deployment/catalytic-saas-api -n catalytic-saas --replicas=0", "kubectl", "scale",
       "catalytic-saas-api"},
      {"kubectl rollout status deployment/catalytic-saas-api -n catalytic-saas --timeout=3m", "kubectl", "",
       "catalytic-saas-api", true},
      {"kubectl get pods -n catalytic-saas -l app=catalytic-saas-api", "kubectl", "", "", true},
      {"curl https://api.your-domain.com/health", "curl", "verify", "", true},
      {"kubectl port-forward -n catalytic-saas svc/prometheus 9090:9090 &", "kubectl", "", "", true},
      {"curl http://localhost:9090/api/v1/query?query=up", "curl", "verify", "", true},
      {"curl -X POST https://hooks.slack.com/services/YOUR/WEBHOOK/URL -H 'Content-Type: application/json' "
       "-d '{'",
       "slack", "notify"},
      {"kubectl delete ingress catalytic-ingress -n catalytic-saas", "kubectl", "manual"},
      {"psql -c \"DROP DATABASE catalytic_saas;\"", "psql", "manual"},
      {"pg_restore -d catalytic_saas backups/catalytic_saas_${BACKUP_TIMESTAMP}.dump", "pg_restore",
       "db_restore"},
      {"psql catalytic_saas -c \"SELECT MAX(created_at) FROM tenants;\"", "psql", "verify", "", true},
      {"sqlite3 catalytic_saas.db \"PRAGMA integrity_check;\"", "sqlite3", "verify", "", true},
      {"PREVIOUS_VERSION=$(kubectl rollout history deployment/catalytic-saas-api -n catalytic-saas | tail -2 "
       "| head "
       "-1 | awk '{print $1}')",
       "kubectl", "", "catalytic-saas-api", true},
      {"kubectl rollout undo deployment/catalytic-saas-api -n catalytic-saas "
       "--to-revision=${PREVIOUS_VERSION}",
       "kubectl", "rollout_undo", "catalytic-saas-api"},
      {"docker pull ${REGISTRY}/catalytic-saas-api:${VERSION}", "docker", "manual"},
      {"kubectl exec -it deployment/catalytic-saas-api -n catalytic-saas -- python "
       "scripts/verify_database.py",
       "kubectl", "verify", "catalytic-saas-api", false},
      {"kubectl logs deployment/catalytic-saas-api -n catalytic-saas | grep -i \"database\\|error\"",
       "kubectl", "", "catalytic-saas-api", true},
      {"kubectl apply -f kubernetes/ingress.yaml -n catalytic-saas", "kubectl", "shift_traffic"},
      {"kubectl wait --for=condition=ready pod -l app=catalytic-saas-api -n catalytic-saas --timeout=2m",
       "kubectl", "", "", true},
      {"curl -X POST https://api.your-domain.com/api/auth/login -H \"Content-Type: application/json\" -d '{'",
       "curl", "verify"},
      {"kubectl rollout undo deployment/catalytic-saas-api -n ${NAMESPACE}", "kubectl", "rollout_undo",
       "catalytic-saas-api"},
      {"featureFlags.disable('problematic_feature')", "feature-flag", "disable_flag"},
      {"git checkout HEAD~1 -- config/", "git", "manual"},
      {"git checkout v1.2.3-stable", "git", "manual"},
  };
  return cases;
}

TEST(Commands, SeedRunbooks) {
  expect_each(seed_commands());
}

TEST(Commands, NoCatalogueToolFromTheSeedsIsUnknown) {
  // Every line above starts with (or wraps) a program of the catalogue: none may come back unknown.
  for (const Case& c : seed_commands())
    EXPECT_TRUE(match_command(c.line).known) << c.line;
}

// Scripts are read by what their name says; a name that says nothing leaves the script unknown.
TEST(Commands, ScriptsByTheirName) {
  const std::vector<std::pair<std::string, std::string>> named{
      {"./scripts/rollback.sh", "rollout_undo"},
      {"npm run rollback:emergency", "rollout_undo"},
      {"make rollback", "rollout_undo"},
      {"./backend/scripts/restore-db.sh production latest", "db_restore"},
      {"npm run db:rollback -- --to=2024", "db_migrate_down"},
      {"bash scripts/switch-traffic.sh blue", "shift_traffic"},
      {"./bin/cutover.sh --to green", "shift_traffic"},
      {"./migrate-down.sh 42", "db_migrate_down"},
      {"make kill-switch FEATURE=checkout", "disable_flag"},
      {"./scripts/smoke-test.sh", "verify"},
  };
  for (const auto& [line, action] : named) {
    const CommandMatch m = match_command(line);
    EXPECT_TRUE(m.known) << line;
    EXPECT_EQ(m.action, action) << line;
  }
  for (const char* line : {"./scripts/do-it.sh", "make all", "npm run build", "myapp --serve"})
    EXPECT_FALSE(match_command(line).known) << line;
}

// Interpreters run the script they name; the directory tells a rollback of infrastructure from one of the
// application; a flag set to false on a script's or a platform CLI's command line turns that flag off.
TEST(Commands, ScriptsRunByAnInterpreterAndWhereTheyLive) {
  const std::vector<std::pair<std::string, std::string>> named{
      {"python3 tools/cut_over.py --region eu-west-1", "shift_traffic"},
      {"node ./ops/restore-database.js --at 2023-10-01T09:00", "db_restore"},
      {"pwsh ./deploy/Undo-Release.ps1", "rollout_undo"},
      {"ruby bin/flip_traffic.rb", "shift_traffic"},
      {"./infra/scripts/rollback.sh --env prod", "infra_rollback"},
      {"bash terraform/rollback.sh", "infra_rollback"},
      {"./app/scripts/rollback.sh", "rollout_undo"},
      {"./bin/toggle.sh CHECKOUT_V2_ENABLED=false", "disable_flag"},
      {"railway variables --set FEATURE_SEARCH=false", "disable_flag"},
  };
  for (const auto& [line, action] : named) {
    const CommandMatch m = match_command(line);
    EXPECT_TRUE(m.known) << line;
    EXPECT_EQ(m.action, action) << line;
  }
  EXPECT_EQ(match_command("railway variables --set FEATURE_SEARCH=false").flag, "FEATURE_SEARCH");
  // A kill switch is turned on to turn the feature off; set to false it turns the feature back on.
  for (const char* line : {"export KILL_SWITCH=true", "export CHECKOUT_KILLSWITCH=1",
                           "export DISABLE_NEW_SEARCH=true", "export PAYMENTS_V2_DISABLED=yes"})
    EXPECT_EQ(match_command(line).action, "disable_flag") << line;
  EXPECT_EQ(match_command("export KILL_SWITCH=true").flag, "KILL_SWITCH");
  EXPECT_EQ(match_command("export KILL_SWITCH=false").action, "");
  EXPECT_EQ(match_command("export DISABLE_NEW_SEARCH=false").action, "");
  // A module run with -m is not a script by its name; a script whose name says nothing stays unknown.
  EXPECT_FALSE(match_command("python -m rollback_helper").known);
  EXPECT_FALSE(match_command("python scripts/audit_record.py --op rollback").known);
}

// A rehearsal changes nothing, whatever the command would do without the option.
// A placeholder in angle brackets is an argument to fill in, not a redirection from a file: the unit of
// "systemctl restart <service>" is restarted. "< file", "<file" and "<dump.sql>" (a file's name) still
// feed the command.
TEST(Commands, APlaceholderInAngleBracketsIsAnArgument) {
  EXPECT_EQ(match_command("systemctl restart <service>").action, "restore_config");
  EXPECT_EQ(match_command("systemctl restart <your-app>").action, "restore_config");
  EXPECT_EQ(match_command("systemctl restart app").action, "restore_config");
  EXPECT_EQ(match_command("psql mydb < backup.sql").action, "db_restore");
  EXPECT_EQ(match_command("psql mydb <backup.sql").action, "db_restore");
  EXPECT_EQ(match_command("mysql app <dump.sql>").action, "db_restore");
  EXPECT_EQ(match_command("psql -d <db> < <backup-file>").action, "db_restore");
}

TEST(Commands, DryRunsOnlyLook) {
  for (const char* line : {"python scripts/failover.py --dry-run --zone prod",
                           "kubectl apply -f ingress-blue.yaml --dry-run=client",
                           "./bin/cutover.sh --to green --dryrun", "helm rollback shop 4 --dry-run"}) {
    const CommandMatch m = match_command(line);
    EXPECT_TRUE(m.known) << line;
    EXPECT_EQ(m.action, "") << line;
    EXPECT_TRUE(m.observes) << line;
  }
  // Not an option: a word that only contains it.
  EXPECT_EQ(match_command("./bin/cutover.sh --to green-dry-run-pool").action, "shift_traffic");
}

// Swapping a proxy's upstream file moves traffic; putting a kept configuration back restores it; copying
// anything else is not a step the plan can simulate.
TEST(Commands, FilesPutInPlace) {
  EXPECT_EQ(match_command("sudo ln -sfn /etc/nginx/pools/blue.conf /etc/nginx/conf.d/active.conf").action,
            "shift_traffic");
  EXPECT_EQ(match_command("cp haproxy.cfg.green /etc/haproxy/haproxy.cfg").action, "shift_traffic");
  EXPECT_EQ(match_command("cp /srv/app/.env.bak /srv/app/.env").action, "restore_config");
  EXPECT_EQ(match_command("mv config/settings.previous.yaml config/settings.yaml").action, "restore_config");
  EXPECT_FALSE(match_command("cp report.txt /tmp/out.txt").known);
  EXPECT_FALSE(match_command("cp terraform.tfstate states/terraform.tfstate.1").known);
}

// Lookups, test calls and notifications by chat APIs.
TEST(Commands, ReadsTestCallsAndMessages) {
  expect_each({
      {"dig +short api.example.org", "dig", "", "", true},
      {"nslookup shop.example.net 8.8.8.8", "nslookup", "", "", true},
      {"aws lambda invoke --function-name resize out.json", "aws", "verify", "", true},
      {"aws ecs wait services-stable --cluster c1 --services billing", "aws", "", "", true},
      {"flux reconcile kustomization apps --with-source", "flux", "pipeline_redeploy"},
      {"flux get kustomizations", "flux", "", "", true},
      {"kamal rollback 3f2a9c1", "kamal", "rollout_undo"},
      {"fly deploy --image registry.fly.io/shop:v41", "flyctl", "pipeline_redeploy"},
      {"railway redeploy --service api", "railway", "pipeline_redeploy"},
  });
  EXPECT_EQ(
      match_command("curl -s -X POST https://api.telegram.org/bot123/sendMessage -d chat_id=5 -d text=done")
          .action,
      "notify");
  EXPECT_EQ(match_command("curl -fsS -X POST https://hooks.example.com/selftest").action, "verify");
}

// A step's words, when no command says what it does: the leading verb first, then the change the words
// name, then a check; whole words where a stem would catch others ("app" is not "append", "check" is not
// "checkout", "test" is not "latest").
TEST(Commands, ActionFromWords) {
  const std::vector<std::pair<std::string, std::string>> titles{
      // Looking something up before acting.
      {"Identify the environment and the database to restore", "manual"},
      {"Select the latest known-good backup", "manual"},
      {"Find the last green deploy", "manual"},
      {"List the revisions of the service", "manual"},
      // A step named by its command line: the command's reading, not a word in it ("route").
      {"oc get route storefront -n shop -o jsonpath='{.spec.to.name}'", "verify"},
      {"kubectl get pods", "verify"},
      {"oc set route-backends storefront storefront-blue=100 storefront-green=0", "shift_traffic"},
      {"Verify rollback", "verify"},
      {"Ping the on-call engineer", "notify"},  // people told, not the ping program
      // A look-up that ends in a check; a message posted to a channel.
      {"Open three recent documents and check that they read correctly", "verify"},
      {"Post in #pricing-incidents that the rules are being rolled back", "notify"},
      {"Post the reverted version and the time in #payments-ops", "notify"},
      // Navigation is no change; the click that starts the workflow is.
      {"Go to Actions → Rollback → Run workflow", "manual"},
      {"Click Run workflow", "pipeline_redeploy"},
      {"Trigger the pipeline with the previous tag", "pipeline_redeploy"},
      // Prose verbs of the catalogued changes.
      {"Turn off flag(s)", "disable_flag"},
      {"Flip the kill switch for exports", "disable_flag"},
      {"Disable the new-search feature toggle", "disable_flag"},
      {"Helm/K8s Rollback-Befehl ausführen", "rollout_undo"},
      {"Roll back the application to the previous release", "rollout_undo"},
      {"Click its menu, then Redeploy this version", "pipeline_redeploy"},
      {"Click \"Re-run all jobs\"", "pipeline_redeploy"},
      // Configuration reconciled: the running release takes it up, nothing is redeployed.
      {"Let the GitOps controller reconcile the new runtime configuration", "restore_config"},
      {"Sync the umbrella application", "pipeline_redeploy"},
      {"Reconcile Terraform with the primary region", "infra_rollback"},
      {"Switch application secrets to the restored database", "restore_config"},
      {"Point DNS back at the blue environment", "shift_traffic"},
      {"Fail over to the secondary region", "shift_traffic"},
      {"Restore the orders database from last night's snapshot", "db_restore"},
      {"Start PostgreSQL; it replays WAL up to the target", "db_restore"},
      {"Revert the infrastructure change", "infra_rollback"},
      {"Scale writers back up", "scale"},
      {"Restart the workers", "restore_config"},
      // Checks, waits, messages.
      {"Health-Checks & Monitoring prüfen", "verify"},
      {"Poll /health every 10s until 200 OK", "verify"},
      {"Confirm pods are running", "verify"},
      {"Wait until the deployment is stable", "wait"},
      {"Update the incident channel with rollback status", "notify"},
      {"Notifier l'équipe de la restauration", "notify"},
      {"Put the site in maintenance mode", "maintenance_mode"},
      // Nothing the plan can simulate.
      {"Append a rollback entry to the audit log", ""},
      {"Checkout stable version", ""},
      {"Open the latest dashboard", "manual"},
      {"Coffee", ""},
      // An expected state in a verification list is a check.
      {"Service endpoints and readiness probes are green.", "verify"},
      {"Pod logs show no crash loops", "verify"},
      {"Queue depth back to normal", "verify"},
      {"The release notes are drafted", ""},
  };
  for (const auto& [title, action] : titles)
    EXPECT_EQ(action_from_words(title), action) << title;
  // Commands that only read, under words that say nothing: a check.
  EXPECT_EQ(action_from_words("kubectl rollout status deployment/search", true), "verify");
  // A change in a title whose commands only read (the first line of a dry run) is a look.
  EXPECT_EQ(action_from_words("python scripts/failover.py \\", false), "shift_traffic");
  EXPECT_EQ(action_from_words("python scripts/failover.py \\", true), "verify");
  // A title that is itself a command that reads is a check, whatever the caller knows of its commands.
  EXPECT_EQ(action_from_words("kubectl rollout status deployment/search", false), "verify");
}

// The key rollback action in its common forms (docs/runbook-import.md, the catalogue).
TEST(Commands, TrafficSwitchesKillSwitchesIacSqlAndPitr) {
  expect_each({
      // Traffic switches: DNS, load balancers, proxies, a Service's selector, mesh routes, clouds.
      {"aws route53 change-resource-record-sets --hosted-zone-id Z1 --change-batch file://blue.json", "aws",
       "shift_traffic"},
      {"gcloud dns record-sets update api.example.com. --type=A --zone=prod --rrdatas=10.0.0.2", "gcloud",
       "shift_traffic"},
      {"az network dns record-set a update -g rg -z example.com -n api", "az", "shift_traffic"},
      {"aws elbv2 modify-listener --listener-arn arn --default-actions file://weights.json", "aws",
       "shift_traffic"},
      {"sudo nginx -s reload", "nginx", "shift_traffic"},
      {"sudo systemctl reload haproxy", "systemctl", "shift_traffic"},
      {"service nginx reload", "service", "shift_traffic"},
      {"kubectl patch service web -p '{\"spec\":{\"selector\":{\"version\":\"blue\"}}}'", "kubectl",
       "shift_traffic", "web"},
      {"kubectl patch virtualservice reviews --type merge -p '{\"spec\":{}}'", "kubectl", "shift_traffic"},
      {"gcloud run services update-traffic api --to-revisions=api-00041=100", "gcloud", "shift_traffic",
       "api"},
      {"aws lambda update-alias --function-name orders --name live --routing-config "
       "AdditionalVersionWeights={}",
       "aws", "shift_traffic", "orders"},
      {"aws ecs update-service --cluster prod --service web --task-definition web:41", "aws",
       "pipeline_redeploy", "web"},
      {"az webapp deployment slot swap -g rg -n shop --slot staging --target-slot production", "az",
       "shift_traffic", "shop"},
      // Kill switches: a flag service, an environment variable, configuration, code, a parameter store.
      {"kubectl set env deployment/web FEATURE_NEW_CHECKOUT=false", "kubectl", "disable_flag", "web"},
      {"heroku config:set FEATURE_SEARCH_V2=false -a shop", "heroku", "disable_flag", "shop"},
      {"kubectl patch configmap flags -p '{\"data\":{\"feature_new_checkout\":\"false\"}}'", "kubectl",
       "disable_flag"},
      {"new_checkout_enabled: false", "config", "disable_flag"},
      {"FEATURE_RECOMMENDATIONS = False", "config", "disable_flag"},
      {"sed -i 's/feature_search: true/feature_search: false/' config/app.yml", "sed", "disable_flag"},
      {"aws ssm put-parameter --name /shop/flags/feature_export --value false --overwrite", "aws",
       "disable_flag"},
      {"UPDATE feature_flags SET enabled = false WHERE name = 'new_checkout';", "sql", "disable_flag"},
      // Infrastructure as code.
      {"terraform apply -auto-approve tfplan.previous", "terraform", "infra_rollback"},
      {"pulumi up --yes --stack prod", "pulumi", "infra_rollback"},
      {"npx cdk deploy ShopStack --rollback", "cdk", "infra_rollback"},
      {"aws cloudformation rollback-stack --stack-name shop", "aws", "infra_rollback"},
      // SQL and point-in-time recovery.
      {"ALTER TABLE orders DROP COLUMN discount_code;", "sql", "db_migrate_down"},
      {"DELETE FROM schema_migrations WHERE version = '20240101';", "sql", "db_migrate_down"},
      {"SELECT count(*) FROM orders;", "sql", "verify", "", true},
      {"recovery_target_time = '2024-03-01 10:00:00'", "postgresql.conf", "db_restore"},
      {"pgbackrest --stanza=main --type=time --target='2024-03-01 10:00' restore", "pgbackrest",
       "db_restore"},
      {"wal-g backup-fetch /var/lib/postgresql/data LATEST", "wal-g", "db_restore"},
      {"echo 'set weight app/green 0' | socat stdio /run/haproxy.sock", "haproxy", "shift_traffic"},
  });
  EXPECT_TRUE(match_command("recovery_target_time = '2024-03-01 10:00:00'").point_in_time);
  EXPECT_TRUE(match_command("aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier a "
                            "--target-db-instance-identifier b --restore-time 2024-03-01T10:00:00Z")
                  .point_in_time);
  EXPECT_EQ(match_command("UPDATE feature_flags SET enabled = false WHERE name = 'new_checkout';").flag,
            "new_checkout");
  // What only looks like these forms is not taken for them.
  EXPECT_NE(match_command("sudo nginx -t").action, "shift_traffic");
  EXPECT_NE(match_command("systemctl restart myapp").action, "shift_traffic");
  EXPECT_NE(match_command("new_checkout_enabled: true").action, "disable_flag");
  EXPECT_NE(match_command("kubectl patch deployment web -p '{\"spec\":{\"paused\":true}}'").action,
            "shift_traffic");
}

TEST(Commands, ValuesAreTaken) {
  const CommandMatch scale = match_command("kubectl scale deployment/api --replicas=3");
  ASSERT_TRUE(scale.replicas.has_value());
  EXPECT_EQ(*scale.replicas, 3);
  EXPECT_EQ(*match_command("kubectl scale --replicas 5 deploy/web -n prod").replicas, 5);

  EXPECT_EQ(match_command("kubectl set env deployment/api FEATURE_NEW_PAYMENT_ENABLED=false").flag,
            "FEATURE_NEW_PAYMENT_ENABLED");
  EXPECT_EQ(match_command("featureFlags.disable('problematic_feature')").flag, "problematic_feature");
  EXPECT_EQ(match_command("pg_restore -d catalytic_saas backups/x.dump").store, "catalytic_saas");
  EXPECT_EQ(match_command("pg_restore --dbname=orders -j 4 backup.dump").store, "orders");
  EXPECT_EQ(match_command("kubectl rollout pause deploy/api").undone_by, "kubectl rollout resume");
  EXPECT_EQ(match_command("kubectl rollout undo deployment/api").what, "rollout undo");
}

TEST(Commands, Catalogue) {
  expect_each({
      // Kubernetes, in any flag order.
      {"kubectl -n prod rollout undo deployment/api", "kubectl", "rollout_undo", "api"},
      {"kubectl rollout undo deploy/api --namespace=prod", "kubectl", "rollout_undo", "api"},
      {"kubectl --namespace prod rollout undo deployment api", "kubectl", "rollout_undo", "api"},
      {"kubectl rollout resume deployment/api", "kubectl", "manual", "api"},
      {"kubectl rollout history deployment/api", "kubectl", "", "api", true},
      {"kubectl describe deployment api", "kubectl", "", "api", true},
      {"kubectl top pods", "kubectl", "", "", true},
      {"kubectl exec -it deploy/api -- python manage.py migrate orders 0012", "kubectl", "db_migrate_down",
       "api"},
      {"kubectl exec deploy/db -- psql -c 'SELECT 1'", "kubectl", "verify", "db", true},
      {"kubectl argo rollouts abort api", "kubectl", "shift_traffic", "api"},
      {"kubectl argo rollouts undo api", "kubectl", "rollout_undo", "api"},
      {"kubectl cordon node-1", "kubectl", "manual"},
      // A manifest whose name says it is a copy kept of what ran before puts that back: a workload's is
      // its previous version, any other the previous configuration; a new manifest stays manual, and a
      // word only counts whole ("goodies", "prevention" are no kept copies).
      {"kubectl apply -f deployment-previous.yaml -n shop", "kubectl", "rollout_undo"},
      {"kubectl apply -f manifests/last-good/api-deploy.yaml", "kubectl", "rollout_undo"},
      {"kubectl apply -f /tmp/rules-known-good.yaml -n pricing", "kubectl", "restore_config"},
      {"kubectl apply -f saved/app.yaml.bak", "kubectl", "restore_config"},
      {"kubectl replace -f backup/statefulset.yaml", "kubectl", "rollout_undo"},
      {"kubectl apply -f deployment-v2.yaml", "kubectl", "manual"},
      {"kubectl apply -f goodies.yaml", "kubectl", "manual"},
      {"kubectl apply -f prevention-policy.yaml", "kubectl", "manual"},
      // Helm, Argo CD.
      {"helm rollback api 3 -n prod", "helm", "rollout_undo", "api"},
      {"helm -n prod rollback api", "helm", "rollout_undo", "api"},
      {"helm upgrade api ./chart --set image.tag=v1.1.5", "helm", "pipeline_redeploy", "api"},
      {"helm history api", "helm", "", "api", true},
      {"helm status api", "helm", "", "api", true},
      {"argocd app rollback payments 42", "argocd", "rollout_undo", "payments"},
      {"argocd app sync payments --revision v1.1.5", "argocd", "pipeline_redeploy", "payments"},
      {"argocd app history payments", "argocd", "", "payments", true},
      // Containers.
      {"docker compose up -d api", "docker compose", "rollout_undo", "api"},
      {"docker compose down", "docker compose", "manual"},
      {"docker compose pull", "docker compose", "manual"},
      {"docker compose ps", "docker compose", "", "", true},
      {"docker-compose logs -f api", "docker compose", "", "api", true},
      {"docker run -d --name api ghcr.io/x/api:v1", "docker", "manual"},
      {"docker stop api", "docker", "manual"},
      {"docker ps", "docker", "", "", true},
      {"docker service rollback api", "docker", "rollout_undo", "api"},
      // Pipelines.
      {"gh run list --workflow deploy.yml", "gh", "", "", true},
      {"gh run rerun 123", "gh", "pipeline_redeploy"},
      {"heroku rollback v102 -a shop", "heroku", "rollout_undo", "shop"},
      {"heroku maintenance:on -a shop", "heroku", "maintenance_mode", "shop"},
      // Databases and migrations.
      {"pg_dump -d orders -f before.dump", "pg_dump", "manual"},
      {"createdb orders", "createdb", "manual"},
      {"dropdb orders", "dropdb", "manual"},
      {"python3 manage.py showmigrations", "django", "", "", true},
      {"python manage.py migrate", "django", "manual"},
      {"./manage.py migrate orders zero", "django", "db_migrate_down"},
      {"npx prisma migrate resolve --rolled-back 20240101_add_column", "prisma", "db_migrate_down"},
      {"npx prisma migrate reset --force", "prisma", "db_migrate_down"},
      {"npx prisma db execute --file down.sql --schema prisma/schema.prisma", "prisma", "db_migrate_down"},
      {"npx prisma migrate status", "prisma", "", "", true},
      {"flyway undo", "flyway", "db_migrate_down"},
      {"flyway -url=jdbc:postgresql://db/app info", "flyway", "", "", true},
      {"alembic downgrade -1", "alembic", "db_migrate_down"},
      {"alembic current", "alembic", "", "", true},
      {"python -m alembic history", "alembic", "", "", true},
      {"bundle exec rails db:rollback STEP=1", "rails", "db_migrate_down"},
      {"rake db:migrate:status", "rails", "", "", true},
      {"npx knex migrate:rollback", "knex", "db_migrate_down"},
      {"npx sequelize-cli db:migrate:undo", "sequelize", "db_migrate_down"},
      {"npx typeorm migration:revert -d dist/data-source.js", "typeorm", "db_migrate_down"},
      {"goose -dir migrations postgres \"$DSN\" down", "goose", "db_migrate_down"},
      {"migrate -path db/migrations -database \"$DB_URL\" down 1", "migrate", "db_migrate_down"},
      {"liquibase rollbackCount 1", "liquibase", "db_migrate_down"},
      {"psql -d orders -c \"UPDATE feature_flags SET enabled = false WHERE name = 'new_checkout'\"", "psql",
       "disable_flag"},
      // Feature flags.
      {"curl -X PUT https://flags.example.com/api/flags/new-checkout -d '{\"enabled\": false}'",
       "feature-flag", "disable_flag"},
      {"curl -X POST https://app.getunleash.io/api/admin/projects/default/features/new-checkout/environments/"
       "production/off",
       "feature-flag", "disable_flag"},
      {"FEATURE_NEW_CHECKOUT=false", "env", "disable_flag"},
      {"export FF_NEW_CHECKOUT=0", "env", "disable_flag"},
      {"ldcli flags toggle-off --flag new-checkout --project default --environment production",
       "feature-flag", "disable_flag"},
      {"client.disable(\"new-checkout\")", "feature-flag", "disable_flag"},
      {"flags.set(\"new-checkout\", false)", "feature-flag", "disable_flag"},
      // Infrastructure.
      {"terraform apply -auto-approve", "terraform", "infra_rollback"},
      {"terraform destroy -target=module.canary", "terraform", "infra_rollback"},
      {"terraform plan", "terraform", "", "", true},
      {"terraform state list", "terraform", "", "", true},
      {"terraform workspace select prod", "terraform", "manual"},
      // Clouds.
      {"aws deploy create-deployment --application-name shop --deployment-group-name prod", "aws",
       "pipeline_redeploy", "shop"},
      {"aws ecs update-service --cluster prod --service api --task-definition api:41", "aws",
       "pipeline_redeploy", "api"},
      {"aws elbv2 modify-listener --listener-arn $ARN --default-actions file://blue.json", "aws",
       "shift_traffic"},
      {"aws elbv2 modify-rule --rule-arn arn:x --actions file://weights.json", "aws", "shift_traffic"},
      {"aws lambda update-alias --function-name checkout --name live --routing-config "
       "AdditionalVersionWeights={}",
       "aws", "shift_traffic", "checkout"},
      {"aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier prod "
       "--target-db-instance-identifier prod-restored --restore-time 2024-01-01T10:00:00Z",
       "aws", "db_restore"},
      {"aws ecs describe-services --cluster prod --services api", "aws", "", "", true},
      {"aws s3 sync s3://bucket/previous ./site", "aws", "manual"},
      {"gcloud run services update-traffic api --to-revisions api-00041=100 --region europe-west1", "gcloud",
       "shift_traffic", "api"},
      {"gcloud app services set-traffic default --splits v41=1", "gcloud", "shift_traffic", "default"},
      {"gcloud run deploy api --image gcr.io/p/api:v41", "gcloud", "pipeline_redeploy", "api"},
      {"gcloud app deploy app.yaml --version v41", "gcloud", "pipeline_redeploy"},
      {"gcloud sql backups restore 1700000000 --restore-instance=orders-db", "gcloud", "db_restore"},
      {"gcloud run services describe api", "gcloud", "", "", true},
      // HTTP.
      {"curl -fsS https://api.example.com/healthz", "curl", "verify", "", true},
      {"curl -s https://api.example.com/ready | jq .", "curl", "verify", "", true},
      {"curl -X POST https://slack.com/api/chat.postMessage -d 'channel=ops'", "slack", "notify"},
      {"curl -X POST https://api.statuspage.io/v1/pages/YOUR_PAGE_ID/incidents", "curl", "status_page"},
      {"slack chat send --channel '#ops' 'Rolling back'", "slack", "notify"},
      // Shell around commands.
      {"$ kubectl rollout undo deployment/api", "kubectl", "rollout_undo", "api"},
      {"sudo -u deploy kubectl rollout undo deployment/api", "kubectl", "rollout_undo", "api"},
      {"env KUBECONFIG=/tmp/k kubectl rollout undo deployment/api", "kubectl", "rollout_undo", "api"},
      {"kubectl rollout undo deployment/api  # back to the previous ReplicaSet", "kubectl", "rollout_undo",
       "api"},
      {"cd src && python manage.py migrate clients 0041", "django", "db_migrate_down"},
      {"kubectl rollout undo deployment/api && kubectl rollout status deployment/api", "kubectl",
       "rollout_undo", "api"},
      {"bash -c 'helm rollback api'", "helm", "rollout_undo", "api"},
      {"ssh bastion 'kubectl rollout undo deployment/api'", "kubectl", "rollout_undo", "api"},
      {"sleep 60", "shell", "wait"},
  });
}

TEST(Commands, PlaceholdersAreListedAndNeverTaken) {
  const CommandMatch m =
      match_command("kubectl set image deployment/<app-name> app=registry/app:<PREVIOUS_TAG>");
  EXPECT_EQ(m.action, "set_image");
  EXPECT_EQ(m.target, "");
  EXPECT_EQ(m.placeholders, (std::vector<std::string>{"<app-name>", "<PREVIOUS_TAG>"}));

  EXPECT_EQ(match_command("helm rollback ${RELEASE} 3").target, "");
  EXPECT_EQ(match_command("helm rollback $RELEASE").target, "");
  EXPECT_EQ(match_command("helm rollback {{release}}").target, "");
  EXPECT_EQ(match_command("helm rollback ____").target, "");
  EXPECT_EQ(match_command("kubectl rollout undo deployment/[SERVICE]").target, "");
  EXPECT_EQ(match_command("pg_restore -d xxx dump").store, "");

  const CommandMatch flag = match_command(
      "curl -X PATCH https://api.example.com/api/feature-flags/<flag-id>/ -d '{\"enabled\": false}'");
  EXPECT_EQ(flag.action, "disable_flag");
  EXPECT_EQ(flag.flag, "");
  EXPECT_EQ(flag.placeholders, (std::vector<std::string>{"<flag-id>"}));

  const CommandMatch page =
      match_command("curl -X POST https://api.statuspage.io/v1/pages/YOUR_PAGE_ID/incidents");
  EXPECT_EQ(page.placeholders, (std::vector<std::string>{"YOUR_PAGE_ID"}));
  // Go templates and shell syntax are not placeholders.
  EXPECT_TRUE(match_command("docker ps --format '{{.Names}}'").placeholders.empty());
  EXPECT_TRUE(match_command("cat <<EOF").placeholders.empty());
  EXPECT_TRUE(match_command("psql -c 'SELECT $1'").placeholders.empty());

  for (const char* p : {"<previous-version>", "<PREVIOUS_TAG>", "[DOMAIN]", "${VAR}", "$VAR", "{{var}}",
                        "____", "YOUR_PAGE_ID", "xxx", "XXX", "TODO", "api.your-domain.com"})
    EXPECT_TRUE(is_placeholder(p)) << p;
  for (const char* v : {"api", "catalytic-saas-api", "v1.1.5", "prod", "", "box", "todos", "x"})
    EXPECT_FALSE(is_placeholder(v)) << v;
}

TEST(Commands, NotCommands) {
  EXPECT_FALSE(match_command("").known);
  EXPECT_FALSE(match_command("   ").known);
  EXPECT_FALSE(match_command("Issue Detected").known);
  EXPECT_FALSE(match_command("\xC3\xA2\xE2\x80\xA0\xE2\x80\x9C NO").known);
  EXPECT_FALSE(match_command("kubectlx rollout undo").known);
}

// Replica promotion, process-manager restarts, playbooks and pushes to a deployed branch.
TEST(Commands, PromotionsRestartsPlaybooksAndPushes) {
  expect_each({
      // A standby becomes the primary: the database is back from its copy (replayed as a restore).
      {"sudo -u postgres pg_ctl -D /srv/pg/standby promote", "pg_ctl", "db_restore"},
      {"pg_ctl -D /srv/pg/standby status", "pg_ctl", "", "", true},
      {"sudo -Hiu postgres /usr/lib/pg/bin/pg_ctl -D /srv/pg/standby promote", "pg_ctl", "db_restore"},
      {"repmgr -f /etc/repmgr.conf standby promote", "repmgr", "db_restore"},
      // An HA manager hands the leader role to a running member; the clients follow: requests move.
      {"patronictl -c /etc/patroni.yml failover --candidate pg-b --force", "patronictl", "shift_traffic"},
      {"patronictl -c /etc/patroni/patroni.yml switchover billing --leader pg-1 --candidate pg-2 --force",
       "patronictl", "shift_traffic"},
      {"aws rds failover-db-cluster --db-cluster-identifier orders", "aws", "shift_traffic"},
      {"gcloud sql instances failover orders-db", "gcloud", "shift_traffic"},
      {"patronictl -c /etc/patroni.yml list", "patronictl", "", "", true},
      {"aws rds promote-read-replica --db-instance-identifier orders-replica", "aws", "db_restore"},
      {"gcloud sql instances promote-replica orders-eu --project shop", "gcloud", "db_restore"},
      {"psql -c \"SELECT pg_promote();\"", "psql", "db_restore"},
      // A process manager's restart brings the app back on what is on disk.
      {"sudo -u app PM2_HOME=/srv/.pm2 pm2 reload shop-api", "pm2", "restore_config", "shop-api"},
      {"pm2 startOrGracefulReload ecosystem.config.js --only api", "pm2", "restore_config"},
      {"pm2 status", "pm2", "", "", true},
      {"supervisorctl restart worker", "supervisorctl", "restore_config", "worker"},
      {"systemctl restart shop-api.service", "systemctl", "restore_config", "shop-api"},
      {"systemctl reload nginx", "systemctl", "shift_traffic"},
      // Playbooks: by name, else they apply the pinned state; --check rehearses.
      {"ansible-playbook -i prod.ini rollback.yml", "ansible-playbook", "rollout_undo"},
      {"ansible-playbook -i prod.ini site.yml -e app_version=2.3.1", "ansible-playbook", "pipeline_redeploy"},
      {"ansible-playbook -i prod.ini site.yml --check", "ansible-playbook", "", "", true},
      {"ansible-playbook take-db-backup.yml", "ansible-playbook", "manual"},
      // A push to the branch that deploys redeploys what was pushed; another branch does not.
      {"git push origin main", "git", "pipeline_redeploy"},
      {"git push", "git", "pipeline_redeploy"},
      {"git push origin HEAD:production", "git", "pipeline_redeploy"},
      {"git push -u origin hotfix/login", "git", "manual"},
      {"git push origin <branch>", "git", "manual"},
      {"git push --tags", "git", "manual"},
  });
}

// Platforms and tools read by their real sub-commands (each form checked against the tool's reference).
TEST(Commands, SchedulersPaasBackupToolsAndKeyValueFlags) {
  expect_each({
      // OpenShift: oc is kubectl; a Route's backends weighted moves traffic, listing them only reads.
      {"oc set route-backends storefront storefront-blue=100 storefront-green=0 -n shop", "kubectl",
       "shift_traffic", "storefront"},
      {"oc set route-backends storefront --zero", "kubectl", "shift_traffic", "storefront"},
      {"oc set route-backends storefront", "kubectl", "", "storefront", true},
      {"oc rollout undo dc/storefront-green -n shop", "kubectl", "rollout_undo", "storefront-green"},
      {"oc rollback dc/frontend", "kubectl", "rollout_undo", "frontend"},
      // Nomad.
      {"nomad job revert ledger-api 11", "nomad", "rollout_undo", "ledger-api"},
      {"nomad job history -p ledger-api", "nomad", "", "ledger-api", true},
      {"nomad job status ledger-api", "nomad", "", "ledger-api", true},
      {"nomad job run jobs/ledger-api.nomad.hcl", "nomad", "pipeline_redeploy"},
      {"nomad deployment status -monitor 8e2b3c1a", "nomad", "", "", true},
      // Velero: a restore from a backup brings the data back.
      {"velero restore create notes-restore --from-backup notes-4h-20240611040000 --include-namespaces notes",
       "velero", "db_restore"},
      {"velero restore describe notes-restore --details", "velero", "", "", true},
      {"velero backup get --selector velero.io/schedule-name=notes-4h", "velero", "", "", true},
      {"velero backup create pre-rollback --include-namespaces notes", "velero", "manual"},
      // Flags in a key-value store.
      {"consul kv put flags/search/new-ranking false", "consul", "disable_flag"},
      {"consul kv put flags/search/new-ranking true", "consul", "manual"},
      {"consul kv put config/checkout/kill_switch true", "consul", "disable_flag"},
      {"consul kv get flags/search/new-ranking", "consul", "", "", true},
      {"etcdctl put /features/new_billing false", "etcdctl", "disable_flag"},
      {"etcdctl snapshot restore snapshot.db --data-dir /var/lib/etcd-restore", "etcdctl", "db_restore"},
      // Cloud Foundry.
      {"cf rollback orders --version 3", "cf", "rollout_undo", "orders"},
      {"cf map-route orders-blue example.com --hostname orders", "cf", "shift_traffic", "orders-blue"},
      {"cf unmap-route orders-green example.com --hostname orders", "cf", "shift_traffic", "orders-green"},
      {"cf set-env orders NEW_TAX_ENABLED false", "cf", "disable_flag", "orders"},
      {"cf restage orders", "cf", "restore_config", "orders"},
      {"cf revisions orders", "cf", "", "orders", true},
      // Elastic Beanstalk, its CLI and the AWS CLI.
      {"eb swap orders-green --destination_name orders-blue", "eb", "shift_traffic", "orders-green"},
      {"eb status orders-blue", "eb", "", "orders-blue", true},
      {"aws elasticbeanstalk swap-environment-cnames --source-environment-name orders-green "
       "--destination-environment-name orders-blue",
       "aws", "shift_traffic", "orders-blue"},
      {"aws elasticbeanstalk update-environment --environment-name orders-prod --version-label v118", "aws",
       "rollout_undo", "orders-prod"},
      {"aws elasticbeanstalk describe-environment-health --environment-name orders-blue", "aws", "", "",
       true},
      {"aws lambda update-function-configuration --function-name quotes --environment "
       "Variables={NEW_PRICING_ENABLED=false}",
       "aws", "disable_flag", "quotes"},
      // Other platforms' sub-commands.
      {"heroku releases:rollback v102 -a shop", "heroku", "rollout_undo", "shop"},
      {"gcloud deploy targets rollback prod --delivery-pipeline=web", "gcloud", "rollout_undo", "prod"},
      {"az functionapp deployment slot swap -g rg -n billing --slot staging", "az", "shift_traffic",
       "billing"},
      {"az containerapp ingress traffic set -n api -g rg --revision-weight api--v41=100", "az",
       "shift_traffic", "api"},
      {"dep rollback production", "dep", "rollout_undo"},
      {"cap production deploy:rollback", "cap", "rollout_undo"},
      {"cap production deploy", "cap", "pipeline_redeploy"},
      // A flag turned off by a redeploy or a configuration update that carries it.
      {"gcloud run services update web --update-env-vars NEW_UI_ENABLED=false,LOG_LEVEL=info", "gcloud",
       "disable_flag", "web"},
      {"helm upgrade web charts/web --reuse-values --set features.newCheckout=false", "helm", "disable_flag",
       "web"},
      // The link a release-directory layout serves from, pointed at an earlier release.
      {"sudo ln -sfn /srv/shop/releases/20240611-0912 /srv/shop/current", "ln", "rollout_undo"},
      {"ln -sfn /srv/shop/releases/20240611-0912 /srv/shop/current/", "ln", "rollout_undo"},
      // An unlisted platform CLI, by its sub-command.
      {"bb apps rollback shop-web --environment prod", "bb", "rollout_undo"},
      {"fastdeploy traffic failover --to eu-west", "fastdeploy", "shift_traffic"},
  });
  // Unlisted programs whose words say nothing stay unknown; so does a link that is no release layout.
  for (const std::string line :
       {"bb apps list", "frobnicate --undo", "ln -s /etc/app/app.conf /srv/app/current",
        "Terraform rollback: revert IaC changes", "Lambda rollback: restore previous ZIP"}) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(match_command(line).known);
  }
}

TEST(Commands, WordsForTrafficFlagsAndPromotion) {
  EXPECT_EQ(action_from_words("Restore traffic to blue immediately."), "shift_traffic");
  EXPECT_EQ(action_from_words("Send all traffic back to the stable pool"), "shift_traffic");
  EXPECT_EQ(action_from_words("Return traffic to v1"), "shift_traffic");
  EXPECT_EQ(action_from_words("Verify traffic on blue"), "verify");
  EXPECT_EQ(action_from_words("Revert the flag to its previous state"), "disable_flag");
  EXPECT_EQ(action_from_words("Toggle Flag"), "disable_flag");
  EXPECT_EQ(action_from_words("Disable new checkout"), "disable_flag");
  EXPECT_EQ(action_from_words("Turn off recommendations"), "disable_flag");
  EXPECT_EQ(action_from_words("Disable auto-sync"), "");
  EXPECT_EQ(action_from_words("Disable the cron job"), "");
  EXPECT_EQ(action_from_words("Promote the read replica"), "db_restore");
  EXPECT_EQ(action_from_words("Promote the canary"), "");
  EXPECT_EQ(action_from_words("Update A record"), "shift_traffic");
  EXPECT_EQ(action_from_words("Freeze further deploys: no tag bumps"), "manual");
  // Reverting a commit changes the repository, not what runs: a push or a sync deploys it.
  EXPECT_EQ(action_from_words("Commit and push the rollback"), "");
}

// Steps of failover and rollback procedures whose words alone were misread: starting the standby
// region is the failover, setting up monitoring or rehearsing backups is no wait and no check.
TEST(Commands, WordsOfRegionFailoverMonitoringAndBackupTests) {
  EXPECT_EQ(action_from_words("Start services in the secondary region"), "shift_traffic");
  EXPECT_EQ(action_from_words("Bring up the DR site"), "shift_traffic");
  EXPECT_EQ(action_from_words("Start services"), "");
  EXPECT_EQ(action_from_words("Update monitoring for the new region"), "manual");
  EXPECT_EQ(action_from_words("Monitor the new region"), "wait");
  EXPECT_EQ(action_from_words("Test backup and restore in the new region"), "manual");
  EXPECT_EQ(action_from_words("Test the checkout flow"), "verify");
  EXPECT_EQ(action_from_words("Check the current version"), "verify");
  EXPECT_EQ(action_from_words("Find the previous container"), "manual");
}

// A script whose name opens or ends with a check checks what its other words name, even a rollback:
// "post-rollback-verification.sh" is no rollback. A check word inside another word is none. A name of
// check words alone is read as before (smoke, health, verify, check: verify; others unknown).
TEST(Commands, ScriptsNamedAsChecks) {
  const std::vector<std::pair<std::string, std::string>> named{
      {"./scripts/post-rollback-verification.sh", "verify"},
      {"bash verify-rollback.sh prod", "verify"},
      {"python tools/rollback_check.py --env prod", "verify"},
      {"make post-switch-validation", "verify"},
      {"./ops/failover-test.sh", "verify"},
      {"./scripts/smoke_test.sh", "verify"},
      {"./scripts/rollback.sh", "rollout_undo"},
      {"./checkout-rollback.sh", "rollout_undo"},         // "checkout" is no "check"
      {"make latest-rollback", "rollout_undo"},           // nor is "latest" a "test"
      {"./scripts/testing-restore-db.sh", "db_restore"},  // "testing" opens no check
  };
  for (const auto& [line, action] : named) {
    const CommandMatch m = match_command(line);
    EXPECT_TRUE(m.known) << line;
    EXPECT_EQ(m.action, action) << line;
  }
  EXPECT_FALSE(match_command("npm run system:validate").known);
}

// pitrery, a PostgreSQL point-in-time recovery tool: its restore to a date is a point-in-time restore;
// its backup and listings change nothing that runs.
TEST(Commands, PitreryAndARootPrompt) {
  const CommandMatch restore = match_command("pitrery restore -d '2024-05-02 14:05:00'");
  EXPECT_TRUE(restore.known);
  EXPECT_EQ(restore.tool, "pitrery");
  EXPECT_EQ(restore.action, "db_restore");
  EXPECT_TRUE(restore.point_in_time);
  const CommandMatch latest = match_command("pitrery restore");
  EXPECT_EQ(latest.action, "db_restore");
  EXPECT_FALSE(latest.point_in_time);
  EXPECT_EQ(match_command("pitrery backup -d some_conf").action, "manual");
  EXPECT_TRUE(match_command("pitrery list").observes);
  // "pitrery" is no "PITR": a backup with it is no restore.
  EXPECT_EQ(action_from_words("First create a base backup using pitrery backup"), "");
  EXPECT_EQ(action_from_words("Restore with PITR to 14:05"), "db_restore");
  // A root prompt before a catalogued program, as written inline: the command after it.
  const CommandMatch stop = match_command("# systemctl stop postgresql@12-main");
  EXPECT_TRUE(stop.known);
  EXPECT_EQ(stop.tool, "systemctl");
  EXPECT_EQ(stop.action, "manual");
  EXPECT_EQ(match_command("# kubectl rollout undo deployment/web").action, "rollout_undo");
  // Anything else after "# " is a comment.
  EXPECT_FALSE(match_command("# 1. Identify the previous version").known);
  EXPECT_FALSE(match_command("# restore the database").known);
}

// Letting people know and writing in the incident's ticket are messages; "make sure" checks.
TEST(Commands, WordsForMessagesAndChecks) {
  EXPECT_EQ(action_from_words("Let the support lead know that payments may fail"), "notify");
  EXPECT_EQ(action_from_words("Update the incident ticket with the old and new revision numbers"), "notify");
  EXPECT_EQ(action_from_words("Comment on the reverted PR"), "notify");
  EXPECT_EQ(action_from_words("Update the issue with the rollback time"), "notify");
  EXPECT_EQ(action_from_words("Let the pods settle"), "");
  EXPECT_EQ(action_from_words("Update the image tag"), "");
  EXPECT_EQ(action_from_words("Make sure blue still runs the previous release"), "verify");
  EXPECT_EQ(action_from_words("Double-check the standby is in sync"), "verify");
  // A check of the change being prepared (a diff, a rendered template) is a review, not a check of the
  // system.
  EXPECT_EQ(action_from_words("Confirm the diff before committing", true), "manual");
  EXPECT_EQ(action_from_words("Run make template to confirm the manifest matches expectations"), "manual");
  EXPECT_EQ(action_from_words("Run the usual template sanity check so you catch typos early"), "manual");
  EXPECT_EQ(action_from_words("Confirm the pods run the previous image", true), "verify");
}

// Argo Rollouts' plugin: setting the image back is the set-image action; listing and history only look.
TEST(Commands, ArgoRolloutsSetImageAndListings) {
  const auto set =
      match_command("kubectl argo rollouts set image web web=registry.example.com/web:v1 -n prod");
  EXPECT_EQ(set.action, "set_image");
  EXPECT_EQ(set.target, "web");
  for (const char* looks :
       {"kubectl argo rollouts list rollouts -n prod", "kubectl argo rollouts history web",
        "docker container ls -a", "docker image ls web"}) {
    const auto m = match_command(looks);
    EXPECT_TRUE(m.known) << looks;
    EXPECT_TRUE(m.observes) << looks;
    EXPECT_EQ(m.action, "") << looks;
  }
}

TEST(Commands, ConfigurationBlocksAreReference) {
  // A manifest, whatever its fence says.
  EXPECT_TRUE(is_configuration_block("",
                                     "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n"
                                     "  strategy:\n    canary:\n      steps:\n      - setWeight: 20\n"));
  // Key-value YAML.
  EXPECT_TRUE(is_configuration_block("yaml", "analysis:\n  interval: 1m\n  threshold: 5\n  maxWeight: 50\n"));
  // A kill switch or a PITR target in configuration is the procedure itself.
  EXPECT_FALSE(is_configuration_block("yaml", "features:\n  new_checkout_enabled: false\n  banner: true\n"));
  EXPECT_FALSE(is_configuration_block("",
                                      "restore_command: 'cp /wal/%f %p'\nrecovery_target_time: '2024-01-01'\n"
                                      "recovery_target_action: promote\n"));
  // Shell is never configuration; nor are commands.
  EXPECT_FALSE(is_configuration_block("bash", "a: 1\nb: 2\nc: 3\n"));
  EXPECT_FALSE(is_configuration_block("",
                                      "kubectl rollout undo deployment/web\nkubectl rollout status "
                                      "deployment/web\nkubectl get pods\n"));
  EXPECT_FALSE(is_configuration_block("", "a: 1\n"));  // Too short to tell.
  // Tagged as configuration and every line a key: short is enough.
  EXPECT_TRUE(is_configuration_block("yaml", "spec:\n  revisionHistoryLimit: 5   # keep the last 5\n"));
  EXPECT_FALSE(is_configuration_block("yaml", "spec:\nkubectl rollout undo deployment/web\n"));
}

TEST(Commands, KillSwitchEndpointOfAFlagService) {
  // Switching a kill switch on turns every flag behind it off; a DELETE (or a body that sets it off)
  // switches it back off, which is no way back.
  auto m = match_command(
      "curl -X POST https://flags.example.com/api/admin/flags/kill-switch -H 'Authorization: x'");
  EXPECT_EQ(m.action, "disable_flag");
  EXPECT_EQ(m.flag, "kill-switch");
  m = match_command("curl -X PUT https://flags.example.com/api/flags/killswitch -d '{\"enabled\": true}'");
  EXPECT_EQ(m.action, "disable_flag");
  EXPECT_EQ(match_command("curl -X DELETE https://flags.example.com/api/admin/flags/kill-switch").action,
            "manual");
  EXPECT_EQ(match_command("curl -X PUT https://f.example.com/api/flags/kill_switch -d '{\"enabled\": false}'")
                .action,
            "manual");
  EXPECT_NE(match_command("curl https://flags.example.com/api/flags/kill-switch").action, "disable_flag");
}

TEST(Commands, DockerSwarmServiceCounts) {
  auto m = match_command("docker service scale ledger_api=6 ledger_worker=2");
  EXPECT_EQ(m.action, "scale");
  EXPECT_EQ(m.target, "ledger_api");
  ASSERT_TRUE(m.replicas);
  EXPECT_EQ(*m.replicas, 6);
  m = match_command("docker service update --replicas 4 ledger_api");
  EXPECT_EQ(m.action, "scale");
  EXPECT_EQ(m.target, "ledger_api");
  ASSERT_TRUE(m.replicas);
  EXPECT_EQ(*m.replicas, 4);
  m = match_command("docker service update --replicas=0 ledger_api");
  ASSERT_TRUE(m.replicas);
  EXPECT_EQ(*m.replicas, 0);
  m = match_command("docker service update --rollback ledger_api");
  EXPECT_EQ(m.action, "rollout_undo");
  EXPECT_EQ(m.target, "ledger_api");
  m = match_command("docker service update --image registry.example.com/ledger:1.4 ledger_api");
  EXPECT_EQ(m.action, "set_image");
  EXPECT_EQ(m.target, "ledger_api");
  EXPECT_EQ(match_command("docker service update --env-add LOG_LEVEL=info ledger_api").action,
            "restore_config");
  m = match_command("heroku ps:scale web=3 -a shop");
  ASSERT_TRUE(m.replicas);
  EXPECT_EQ(*m.replicas, 3);
  m = match_command("heroku ps:scale web+2 -a shop");
  EXPECT_FALSE(m.replicas);
  ASSERT_TRUE(m.replicas_added);
  EXPECT_EQ(*m.replicas_added, 2);
}

TEST(Commands, DumpsReadIntoADatabaseClient) {
  auto m = match_command("gunzip -c /restore/shop.sql.gz | mysql -u root -p shop_restored");
  EXPECT_EQ(m.action, "db_restore");
  EXPECT_EQ(m.store, "shop_restored");
  m = match_command("zcat nightly.dump.gz | psql -d orders");
  EXPECT_EQ(m.action, "db_restore");
  EXPECT_EQ(m.store, "orders");
  m = match_command("mysql -u root shop < /backups/shop.sql");
  EXPECT_EQ(m.action, "db_restore");
  EXPECT_EQ(m.store, "shop");
  m = match_command("mysqlbinlog --stop-datetime='2024-05-02 14:05:00' binlog.000311 | mysql -u root shop");
  EXPECT_EQ(m.action, "db_restore");
  EXPECT_TRUE(m.point_in_time);
  // A pipe into anything else only filters what the first command prints.
  EXPECT_TRUE(match_command("cat /var/log/app.log | grep ERROR").observes);
  EXPECT_NE(match_command("kubectl logs web | psql -d logs").action, "db_restore");
}

TEST(Commands, MaintenanceModeByAScriptsArguments) {
  auto m = match_command("./bin/shopctl maintenance on");
  EXPECT_EQ(m.action, "maintenance_mode");
  EXPECT_FALSE(m.undone_by.empty());
  EXPECT_EQ(match_command("./bin/shopctl maintenance off").action, "maintenance_mode");
  EXPECT_EQ(match_command("ops/site.sh --maintenance=disable").action, "maintenance_mode");
  EXPECT_NE(match_command("./bin/shopctl maintenance status").action, "maintenance_mode");
}

TEST(Commands, RunAgainWithoutAnOption) {
  EXPECT_EQ(option_dropped_to_run("If dry-run output looks correct, remove `--dry-run` and execute."),
            "--dry-run");
  EXPECT_EQ(option_dropped_to_run("Then run it again without --what-if"), "--what-if");
  EXPECT_EQ(option_dropped_to_run("Never run it without --dry-run first."), "");
  EXPECT_EQ(option_dropped_to_run("Use --dry-run to see the plan."), "");
  EXPECT_EQ(option_dropped_to_run("Remove the `--force` flag from the script."), "");  // nothing run
  EXPECT_EQ(without_option("./failover.sh --from a \\\n  --to b \\\n  --dry-run", "--dry-run"),
            "./failover.sh --from a \\\n  --to b");
  EXPECT_EQ(without_option("kubectl apply -f x.yaml --dry-run=client -n web", "--dry-run"),
            "kubectl apply -f x.yaml -n web");
}

TEST(Commands, WordsForTestsExpectedStatesAndSettings) {
  EXPECT_EQ(action_from_words("Send a test push notification and receive it on a test device"), "verify");
  EXPECT_EQ(action_from_words("Open the shop and place a test order in the sandbox account"), "verify");
  EXPECT_EQ(action_from_words("Identify a test order to replay"), "manual");
  EXPECT_EQ(action_from_words("Queue depth in the notifications dashboard falls back below 1000"), "verify");
  EXPECT_EQ(action_from_words("Notify support that the queue falls back below 1000"), "notify");
  EXPECT_EQ(action_from_words("Point the app at shop_restored by changing DB_NAME and restarting it"),
            "restore_config");
  EXPECT_EQ(action_from_words("Switch traffic to the green environment"), "shift_traffic");
  EXPECT_EQ(action_from_words("Copy the dump: aws s3 cp s3://b/latest.sql.gz /restore/"), "manual");
  EXPECT_EQ(action_from_words("Take the maintenance page down"), "maintenance_mode");
}

TEST(Commands, LargeAndRandomInputsTakeLinearTime) {
  std::mt19937 rng(7);
  std::string random(1 << 20, '\0');
  for (char& c : random)
    c = static_cast<char>(rng() & 0xFF);
  std::string dashes;
  dashes.reserve(10 << 20);
  while (dashes.size() < (10u << 20))
    dashes += "12-34 --x=5 | && ; '\"$({{<[";
  const std::string digits(10 << 20, '9');
  const std::string chain = "kubectl " + std::string(1 << 20, 'a') + " && curl " + std::string(1 << 20, '/');

  // No timing here (shared, noisy machines): a quadratic scan would blow ctest's timeout instead.
  match_command(random);
  match_command(dashes);
  match_command(digits);
  match_command(chain);
  is_placeholder(random);
  is_placeholder(dashes);
}

// Communication plans name their messages as things ("Initial alert message", "Updates every 30
// minutes"): notifications. A message the system handles, logs or prints is none, nor a look at one.
TEST(Commands, WordsOfMessagesToPeople) {
  EXPECT_EQ(action_from_words("Initial alert message"), "notify");
  EXPECT_EQ(action_from_words("Closing message with the revision rolled back to"), "notify");
  EXPECT_EQ(action_from_words("Updates every 30 minutes"), "notify");
  EXPECT_EQ(action_from_words("Update every 15 minutes until resolved"), "notify");
  EXPECT_EQ(action_from_words("Post progress updates"), "notify");
  EXPECT_EQ(action_from_words("Progress updates in #shop-incidents every 20 minutes"), "notify");
  EXPECT_EQ(action_from_words("Give an update to support"), "notify");
  // Still a status page, a check, a wait, or nothing a drill simulates.
  EXPECT_EQ(action_from_words("Post a status update on the status page"), "status_page");
  EXPECT_EQ(action_from_words("Check the error messages in the logs"), "verify");
  EXPECT_EQ(action_from_words("Wait for the message that the database accepts connections"), "wait");
  EXPECT_EQ(action_from_words("Drain the message queue"), "");
  EXPECT_EQ(action_from_words("Write a clear commit message"), "");
  EXPECT_EQ(action_from_words("Commit and push the fix with context in the message"), "");
  EXPECT_EQ(action_from_words("Update every replica's image"), "");
  EXPECT_EQ(action_from_words("Update the deployment"), "");
  // A part of the system named after messages is no message to people.
  EXPECT_EQ(action_from_words("Restart the message service"), "restore_config");
  EXPECT_EQ(action_from_words("Resize the message bus"), "");
}

// The rollback named as an act with no object: the release goes back. A script, a plan or a decision
// about the rollback is not it, and neither is committing or pushing it.
TEST(Commands, WordsThatStartTheRollback) {
  EXPECT_EQ(action_from_words("Initiate the rollback in the dashboard"), "rollout_undo");
  EXPECT_EQ(action_from_words("Perform the rollback"), "rollout_undo");
  EXPECT_EQ(action_from_words("Start the rollback from the web console"), "rollout_undo");
  EXPECT_EQ(action_from_words("Execute the rollback workflow"), "pipeline_redeploy");
  EXPECT_EQ(action_from_words("Start the rollback timer"), "");
  EXPECT_EQ(action_from_words("Initiate the rollback decision call"), "");
  EXPECT_EQ(action_from_words("Perform a rollback test in staging"), "verify");
  EXPECT_EQ(action_from_words("Commit and push the rollback"), "");
}

// A freeze of deploys, set or lifted, changes nothing that runs, whatever verb carries it.
TEST(Commands, WordsOfAFreeze) {
  for (const char* title : {"Freeze rollout in the platform repository", "Push and sync the freeze",
                            "Revert the freeze", "Commit and push the unfreeze", "Keep deploys frozen",
                            "Sync and confirm the un-freeze"}) {
    EXPECT_TRUE(names_a_freeze(title)) << title;
    EXPECT_EQ(action_from_words(title), "manual") << title;
  }
  for (const char* title : {"Sync the umbrella application", "Revert the release", "Push the revert"})
    EXPECT_FALSE(names_a_freeze(title)) << title;
  EXPECT_EQ(action_from_words("Sync the umbrella application"), "pipeline_redeploy");
}

}  // namespace
}  // namespace drillsim::runbook

namespace drillsim::runbook {
namespace {

// Operations named in words: looking up what to go back to is no check, a copy kept first restores
// nothing, a signal watched for a while is a check, the restore named as an act restores, checks named
// after the change are checks, internal communication is a message, a canary's rollback moves traffic.
TEST(Commands, WordsOfLookUpsCopiesChecksAndRestores) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Check the rollout history", "manual"},
      {"View the Helm history of the release", "manual"},
      {"See which revisions are available", "manual"},
      {"Check the restore logs", "manual"},
      {"Check the logs of the restore job", "manual"},
      {"Check the application logs", "verify"},
      {"Check the rollout status", "verify"},
      {"Take a pre-restore backup", "manual"},
      {"Pre-restore backup", "manual"},
      {"Back up the current database before restoring", "manual"},
      {"Restore the snapshot taken before the rollback", "db_restore"},
      {"Restore the database from the backup", "db_restore"},
      {"Monitor error rate and latency for 15 minutes", "verify"},
      {"Watch the p95 latency on the dashboard", "verify"},
      {"Monitor for 30 minutes", "wait"},
      {"Watch the dashboards", "wait"},
      {"Post-restart checks", "verify"},
      {"Post-restore validation", "verify"},
      {"Post-incident review", ""},
      {"Execute the restore", "db_restore"},
      {"Run the restore job", "db_restore"},
      {"Run a restore test in staging", "verify"},
      {"Internal communication", "notify"},
      {"Internal communication: mirror what the status page says to the managers", "notify"},
      {"Update the status page", "status_page"},
      {"Initiate the rollback in the Flagger dashboard", "shift_traffic"},
      {"Start the rollback of the canary", "shift_traffic"},
      {"Initiate the rollback in the dashboard", "rollout_undo"},
  };
  for (const auto& [title, action] : cases)
    EXPECT_EQ(action_from_words(title), action) << title;
  // A command that reads a job's log, as a step's title: a look at what the restore wrote.
  EXPECT_EQ(action_from_words("gcloud logging read 'resource.labels.job_name=\"orders-restore\"' --limit=50",
                              true),
            "manual");
  EXPECT_EQ(action_from_words("kubectl logs deployment/api -n shop --since=10m", true), "verify");
}

TEST(Commands, WordsOfLookUpsCopiesChecksAndRestoresStayApart) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Watch the rollout until it finishes", "wait"},
      // A check of the system that names the history is still a check: "verify" is no look-up verb.
      {"Verify the rollout history shows the previous revision as current", "verify"},
      {"Monitor the replica's log for the promotion", "wait"},
  };
  for (const auto& [title, action] : cases)
    EXPECT_EQ(action_from_words(title), action) << title;
}

// Jobs run by name do what their name and arguments say; a chart's values that set traffic weights move
// traffic; an alias moved to a version moves its requests; pm2 started from its file restarts the app.
TEST(Commands, JobsWeightsAliasesAndProcessManagers) {
  const std::vector<std::tuple<std::string, std::string>> cases = {
      {"gcloud run jobs execute orders-restore --region=europe-west1 --wait "
       "--args=gs://b/nightly/orders.sql.gz",
       "db_restore"},
      // A job named for no operation, given a file: a backup job writes there as well as a restore reads.
      {"gcloud run jobs execute nightly --args=gs://b/backups/orders.dump", "manual"},
      {"gcloud beta run jobs execute db-migrate-rollback --region=us-east1", "db_migrate_down"},
      {"gcloud run jobs execute report-export --region=us-east1", "manual"},
      {"az containerapp job start --name db-restore --resource-group rg", "db_restore"},
      {"helm upgrade web ./chart --reuse-values --set traffic.v1=100 --set traffic.v2=0", "shift_traffic"},
      {"helm upgrade web ./chart --set canary.weight=0,image.tag=v1", "shift_traffic"},
      {"helm upgrade web ./chart --set image.tag=v1.4.2", "pipeline_redeploy"},
      {"helm upgrade web ./chart --set trafficSplit.enabled=true", "pipeline_redeploy"},
      {"aws lambda update-alias --function-name fn --name live --function-version 57", "shift_traffic"},
      {"pm2 start ecosystem.config.js --env production --update-env", "restore_config"},
      // A kill switch by its own path, outside a flag collection: switched on it turns its feature off.
      {"curl -X POST https://flags.internal.example.com/admin/kill-switch -d '{\"flag\": \"ranking_v2\", "
       "\"killed\": true}'",
       "disable_flag"},
      {"curl -X POST https://ops.example.com/api/killswitch/checkout", "disable_flag"},
      {"curl -X POST https://flags.internal.example.com/admin/kill-switch -d '{\"killed\": false}'",
       "manual"},
  };
  for (const auto& [line, action] : cases)
    EXPECT_EQ(match_command(line).action, action) << line;
  EXPECT_NE(match_command("curl -X DELETE https://ops.example.com/api/killswitch/search").action,
            "disable_flag");
}

// Paging services and chat webhooks kept in variables are messages to people; a write to another
// "/incidents" path is still the status page.
TEST(Commands, PagingAndChatWebhooksInVariables) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"curl -X POST https://api.pagerduty.com/incidents -H 'Content-Type: application/json' "
       "-d '{\"incident\": {\"type\": \"incident\"}}'",
       "notify"},
      {"curl -X POST https://api.opsgenie.com/v2/alerts -d '{\"message\": \"db down\"}'", "notify"},
      {"curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"rolled back\"}' "
       "\"$SLACK_WEBHOOK_URL\"",
       "notify"},
      {"curl -X POST -d '{\"text\":\"x\"}' ${TEAMS_WEBHOOK}", "notify"},
      {"curl -X POST https://status.example.com/api/incidents -d '{\"status\": \"investigating\"}'",
       "status_page"},
  };
  for (const auto& [line, action] : cases)
    EXPECT_EQ(match_command(line).action, action) << line;
  // A variable that names no chat is no message: a POST to an unknown address stays unread.
  EXPECT_NE(match_command("curl -X POST -d '{\"a\":1}' \"$API_URL\"").action, "notify");
  EXPECT_EQ(match_command("curl -X POST https://api.pagerduty.com/incidents").tool, "curl");
}

// Pauses of a part of the system, modes of a database set back, versions set back in a console.
TEST(Commands, WordsOfPausesModesAndVersionsSetBack) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Pause the affected queues", "manual"},
      {"Pause the ArgoCD sync", "manual"},
      {"Pause for 5 minutes", "wait"},
      {"Pause and watch the dashboards", "wait"},
      {"Restore database to read-write mode", "restore_config"},
      {"Restore write access to the database", "restore_config"},
      {"Restore the database from the nightly backup", "db_restore"},
      {"Start PostgreSQL in recovery mode and restore the database", "db_restore"},
      {"Change version back to 1", "rollout_undo"},
      {"Set the version back to 7", "rollout_undo"},
      {"Switch the alias back to the previous version", "shift_traffic"},
      {"Change the timeout back to 30 seconds", "manual"},
  };
  for (const auto& [title, action] : cases) {
    const std::string got = action_from_words(title);
    EXPECT_EQ(got.empty() ? std::string("manual") : got, action) << title;
  }
}

// Steps in Spanish and Portuguese read by the same rules, word by word; English words are left alone.
TEST(Commands, WordsInSpanishAndPortuguese) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Avisar en el canal #incidentes y al responsable de guardia", "notify"},
      {"Desactivar el flag nuevo_checkout en el panel de flags", "disable_flag"},
      {"Revertir a la versión estable anterior desde el panel", "rollout_undo"},
      {"Verificar que la tasa de errores baja del 1 %", "verify"},
      {"Vigilar los pagos durante 20 minutos", "wait"},
      {"Reiniciar los pods del servicio", "restore_config"},
      {"Restaurar la base de datos desde el respaldo", "db_restore"},
      {"Reverter para a versão anterior", "rollout_undo"},
      {"Desativar a feature flag do novo checkout", "disable_flag"},
      {"Pausar tráfico nuevo y activar el flag de kill-switch", "disable_flag"},
  };
  for (const auto& [title, action] : cases)
    EXPECT_EQ(action_from_words(title), action) << title;
  // "Active" and "para" are English or ambiguous: not translated, the English reading holds.
  EXPECT_EQ(action_from_words("Check the active sessions"), "verify");
}

// Checks that the means of going back is there are look-ups; a message template's headline is a message.
TEST(Commands, WordsOfChecksOfTheMeansAndMessageHeadlines) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Check PITR is enabled", "manual"},
      {"Check the backup file exists", "manual"},
      {"Confirm the previous release exists", "manual"},
      {"Verify snapshots are available", "manual"},
      {"Check the service is available", "verify"},
      {"Verify the restored rows exist in the orders table", "verify"},
      {"🚨 DATABASE RESTORE IN PROGRESS 🚨", "notify"},
      {"ROLLBACK COMPLETE", "notify"},
      {"INCIDENT RESOLVED", "notify"},
  };
  for (const auto& [title, action] : cases) {
    const std::string got = action_from_words(title);
    EXPECT_EQ(got.empty() ? std::string("manual") : got, action) << title;
  }
  // A heading in capitals that names a part, not how far the operation has come.
  EXPECT_NE(action_from_words("ROLLBACK PROCEDURE"), "notify");
  // Not in capitals: a sentence about the restore, read by its words as before.
  EXPECT_NE(action_from_words("Database restore in progress"), "notify");
  EXPECT_EQ(action_from_words("RESTORE THE DATABASE"), "db_restore");
}

// The object of a step's verb decides: people told, the monitoring acted on, a part of the system that is
// no feature; a signal named alone is its check; shares in percent of versions are a traffic split.
TEST(Commands, WordsOfPeopleSignalsSharesAndParts) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Page the payments lead and open an incident in the tracker.", "notify"},
      {"UPDATE users about service restoration", "notify"},
      {"Brief the executives on the rollback", "notify"},
      {"Ping the on-call engineer", "notify"},
      {"Update the user table with the restored rows", "manual"},
      {"Call the rollback script", "manual"},
      {"Stop the monitoring services", "manual"},
      {"Silence the alerts for the checkout service", "manual"},
      {"Monitor the checkout service", "wait"},
      {"Disable the failed slot", "manual"},
      {"Disable the failed region", "manual"},
      {"Disable the new checkout", "disable_flag"},
      {"Error Rate", "verify"},
      {"Error ratio for ten minutes", "verify"},
      {"p95 latency (5 minutes)", "verify"},
      {"Error budget policy", "manual"},
      {"Set hello-00001 to 100 % and the green revision to 0 %.", "shift_traffic"},
      {"Rollback (100% stable)", "shift_traffic"},
      {"Blue 100%, green 0%", "shift_traffic"},
      {"Check the error rate is below 1% on the stable version", "verify"},
      {"Keep CPU of the stable pool under 80 %", "manual"},
  };
  for (const auto& [title, action] : cases) {
    const std::string got = action_from_words(title);
    EXPECT_EQ(got.empty() ? std::string("manual") : got, action) << title;
  }
}

// A button clicked in a console is the act its label names; a click that opens a row, a tab or a list is
// navigation; a dialog confirmed is part of the act; a page reloaded is a look at the service.
TEST(Commands, WordsOfConsoleClicks) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Click \"Restore\"", "db_restore"},
      {"In the deployment details page, click \"Promote to Production\"", "pipeline_redeploy"},
      {"Choose the revision synced before version 2, click Rollback and confirm.", "rollout_undo"},
      {"Tick version v1 and press Migrate traffic", "shift_traffic"},
      {"Select the staging slot and click Swap", "shift_traffic"},
      {"Click on the stable deployment row", "manual"},
      {"Click History and rollback to list the revisions that were synced.", "manual"},
      {"Click the Versions tab", "manual"},
      {"Click its menu, then Redeploy this version", "pipeline_redeploy"},
      {"Click its ⋯ menu → Redeploy this version", "pipeline_redeploy"},
      {"Click Actions > Rollback", "rollout_undo"},
      {"Confirm the promotion action in the modal dialog", "manual"},
      {"Reload the page: the price list is back", "verify"},
      {"Click Promote on the replica's page", "db_restore"},
  };
  for (const auto& [title, action] : cases) {
    const std::string got = action_from_words(title);
    EXPECT_EQ(got.empty() ? std::string("manual") : got, action) << title;
  }
}

// Steps in German, French and Italian read by the same rules, word by word.
TEST(Commands, WordsInGermanFrenchAndItalian) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Vorherige Version reaktivieren", "rollout_undo"},
      {"Konfig rücksetzen", "restore_config"},
      {"Datenbank aus der Sicherung wiederherstellen", "db_restore"},
      {"Feature-Flag deaktivieren", "disable_flag"},
      {"Verkehr auf die stabile Version umschalten", "shift_traffic"},
      {"Redémarrer les pods du service", "restore_config"},
      {"Restaurer la base de données depuis la sauvegarde", "db_restore"},
      {"Basculer le trafic vers la version précédente", "shift_traffic"},
      {"Ripristinare la versione precedente", "rollout_undo"},
      {"Créer une sauvegarde de l'état actuel avant restauration", "manual"},
      {"Disattivare il feature flag", "disable_flag"},
      {"Avvisare il team", "notify"},
  };
  for (const auto& [title, action] : cases) {
    const std::string got = action_from_words(title);
    EXPECT_EQ(got.empty() ? std::string("manual") : got, action) << title;
  }
}

// Command forms: probes and log streams, a listing of what to go back to.
TEST(Commands, ProbesLogStreamsWritesAndListings) {
  const std::vector<std::tuple<std::string, std::string, bool>> cases = {
      {"curl -s https://api.cloudflare.com/client/v4/zones/$ZONE/dns_records", "verify", true},
      {"wscat -c wss://api.example.com/ws", "verify", true},
      {"grpcurl -plaintext api:443 grpc.health.v1.Health/Check", "verify", true},
      {"wrangler tail --format pretty --status error", "", true},
      {"wrangler rollback", "rollout_undo", false},
      {"vercel promote https://shop-abc123.vercel.app", "pipeline_redeploy", false},
      {"ls -la /var/lib/mysql", "", true},
  };
  for (const auto& [line, action, observes] : cases) {
    const CommandMatch m = match_command(line);
    EXPECT_EQ(m.action, action) << line;
    EXPECT_EQ(m.observes, observes) << line;
  }
  // A title that is a command listing what to go back to: a look-up; one that reads the service: a check.
  EXPECT_EQ(action_from_words("pgbackrest --stanza=orders info", true), "manual");
  EXPECT_EQ(action_from_words("helm history web -n shop", true), "manual");
  EXPECT_EQ(action_from_words("kubectl get pods -n shop", true), "verify");
}

}  // namespace
}  // namespace drillsim::runbook
