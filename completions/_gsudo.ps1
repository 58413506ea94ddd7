
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'gsudo' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'gsudo'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'gsudo' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a fresh access token for the service account on stdout, for scripts')
            [CompletionResult]::new('id-token', 'id-token', [CompletionResultType]::ParameterValue, 'Print an OpenID Connect ID token for the service account (Cloud Run, IAP), for scripts')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who you are, where that identity came from, and the session you are in')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the service accounts you can impersonate, in one project, several, or all you can see')
            [CompletionResult]::new('can', 'can', [CompletionResultType]::ParameterValue, 'Show which permissions a service account (or you) holds on a resource')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Try gsudo offline against its emulator of the Google APIs (gsudo-emulator)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the sessions you ran, newest last, from the session log')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print gsudo''s version')
            [CompletionResult]::new('broker', 'broker', [CompletionResultType]::ParameterValue, 'The organization''s broker, which alone holds Token Creator and mints by policy')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;token' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;id-token' {
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'Who the token is for, like https://my-service-abc123-ew.a.run.app')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;whoami' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most API calls in flight at once')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--all-projects', '--all-projects', [CompletionResultType]::ParameterName, 'Every project you can see (Resource Manager search), instead of -p')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;can' {
            [CompletionResult]::new('--on', '--on', [CompletionResultType]::ParameterName, 'The resource to test on [default: the project]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Most API calls in flight at once')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--as-me', '--as-me', [CompletionResultType]::ParameterName, 'Test your own permissions instead of the service account''s')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'Show your permissions and the service account''s side by side')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;sandbox' {
            [CompletionResult]::new('--world', '--world', [CompletionResultType]::ParameterName, 'A world file (TOML) to emulate instead of the built-in demo world')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--with-broker', '--with-broker', [CompletionResultType]::ParameterName, 'Mint through a local gsudo broker, as an organization''s users do')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow')
            [CompletionResult]::new('world', 'world', [CompletionResultType]::ParameterValue, 'Print the demo world file, a template for your own (--world)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;sandbox;serve' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            break
        }
        'gsudo;sandbox;world' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;sandbox;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow')
            [CompletionResult]::new('world', 'world', [CompletionResultType]::ParameterValue, 'Print the demo world file, a template for your own (--world)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;sandbox;help;serve' {
            break
        }
        'gsudo;sandbox;help;world' {
            break
        }
        'gsudo;sandbox;help;help' {
            break
        }
        'gsudo;config' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value from the file, like `gsudo config get lifetime`')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one setting, keeping the rest of the file (comments too) as it is')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one setting from the file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every setting in the file, and which GSUDO_* variables override them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;config;path' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;config;get' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;config;set' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;config;unset' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;config;list' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;config;help' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value from the file, like `gsudo config get lifetime`')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one setting, keeping the rest of the file (comments too) as it is')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one setting from the file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every setting in the file, and which GSUDO_* variables override them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;config;help;path' {
            break
        }
        'gsudo;config;help;get' {
            break
        }
        'gsudo;config;help;set' {
            break
        }
        'gsudo;config;help;unset' {
            break
        }
        'gsudo;config;help;list' {
            break
        }
        'gsudo;config;help;help' {
            break
        }
        'gsudo;log' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'How many of the most recent sessions to show (0 for all)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many of the most recent sessions to show (0 for all)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;completions' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;version' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;broker' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the broker''s API (POST /v1/token, GET /healthz) until SIGTERM')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Explain offline what a policy decides for a caller, the account (-s), the reason (-R), --lifetime, --session, --scopes and --delegates')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;broker;serve' {
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'The organization''s policy (TOML: [groups] and [[rule]] tables)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where to listen [default: 0.0.0.0:$PORT when PORT is set (Cloud Run), else 127.0.0.1:8080]')
            [CompletionResult]::new('--audience', '--audience', [CompletionResultType]::ParameterName, 'The audiences callers'' ID tokens must be for: the broker''s URL (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--decision-log', '--decision-log', [CompletionResultType]::ParameterName, 'Also append the decision log to FILE')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Requests per second each caller may make, after the burst')
            [CompletionResult]::new('--burst', '--burst', [CompletionResultType]::ParameterName, 'Requests each caller may make at once before the rate applies')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this PEM certificate chain, standalone (Cloud Run and ingresses end TLS themselves)')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The PEM private key of --tls-cert')
            [CompletionResult]::new('--jwks-url', '--jwks-url', [CompletionResultType]::ParameterName, 'Only for tests and the sandbox: where the ID-token keys are [default: Google''s]')
            [CompletionResult]::new('--issuer', '--issuer', [CompletionResultType]::ParameterName, 'Only for tests and the sandbox: the ID tokens'' issuer [default: Google''s]')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;broker;check' {
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'The policy file, as `broker serve` reads it')
            [CompletionResult]::new('--caller', '--caller', [CompletionResultType]::ParameterName, 'Who asks: an email, as the broker would verify it')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'When to decide for, for time windows (RFC 3339) [default: now]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('--service-account', '--service-account', [CompletionResultType]::ParameterName, 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why you need it; recorded in the audit logs of every call')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The project commands run in [default: the active gcloud configuration''s project]')
            [CompletionResult]::new('--delegates', '--delegates', [CompletionResultType]::ParameterName, 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'How long the session may keep minting fresh tokens [default: 1h]')
            [CompletionResult]::new('--scopes', '--scopes', [CompletionResultType]::ParameterName, 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]')
            [CompletionResult]::new('--gke-cluster', '--gke-cluster', [CompletionResultType]::ParameterName, 'A GKE cluster your kubeconfig has no entry for: its endpoint and CA are fetched as the service account into the session''s kubeconfig only, as the current context')
            [CompletionResult]::new('--location', '--location', [CompletionResultType]::ParameterName, 'The --gke-cluster''s location (its region or zone)')
            [CompletionResult]::new('--proxy-resolve', '--proxy-resolve', [CompletionResultType]::ParameterName, 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)')
            [CompletionResult]::new('--upstream-ca-file', '--upstream-ca-file', [CompletionResultType]::ParameterName, 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s')
            [CompletionResult]::new('--broker', '--broker', [CompletionResultType]::ParameterName, 'Mint every token of the session through the organization''s gsudo broker at URL')
            [CompletionResult]::new('--no-proxy', '--no-proxy', [CompletionResultType]::ParameterName, 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s')
            [CompletionResult]::new('--no-metadata-server', '--no-metadata-server', [CompletionResultType]::ParameterName, 'Serve no metadata server in the session: tools that only know the metadata server then find none')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to the confirmation a policy asks for before a privileged run')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Show each HTTP call gsudo makes (never a token or secret)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gsudo;broker;help' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the broker''s API (POST /v1/token, GET /healthz) until SIGTERM')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Explain offline what a policy decides for a caller, the account (-s), the reason (-R), --lifetime, --session, --scopes and --delegates')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;broker;help;serve' {
            break
        }
        'gsudo;broker;help;check' {
            break
        }
        'gsudo;broker;help;help' {
            break
        }
        'gsudo;help' {
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print a fresh access token for the service account on stdout, for scripts')
            [CompletionResult]::new('id-token', 'id-token', [CompletionResultType]::ParameterValue, 'Print an OpenID Connect ID token for the service account (Cloud Run, IAP), for scripts')
            [CompletionResult]::new('whoami', 'whoami', [CompletionResultType]::ParameterValue, 'Show who you are, where that identity came from, and the session you are in')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the service accounts you can impersonate, in one project, several, or all you can see')
            [CompletionResult]::new('can', 'can', [CompletionResultType]::ParameterValue, 'Show which permissions a service account (or you) holds on a resource')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'Try gsudo offline against its emulator of the Google APIs (gsudo-emulator)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)')
            [CompletionResult]::new('log', 'log', [CompletionResultType]::ParameterValue, 'Show the sessions you ran, newest last, from the session log')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script for a shell')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print gsudo''s version')
            [CompletionResult]::new('broker', 'broker', [CompletionResultType]::ParameterValue, 'The organization''s broker, which alone holds Token Creator and mints by policy')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gsudo;help;token' {
            break
        }
        'gsudo;help;id-token' {
            break
        }
        'gsudo;help;whoami' {
            break
        }
        'gsudo;help;list' {
            break
        }
        'gsudo;help;can' {
            break
        }
        'gsudo;help;sandbox' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the emulator in the foreground, for scripts and tests: `gsudo-emulator serve`, whose options (--listen, --https-listen, --audit-log, --write-config, faults) follow')
            [CompletionResult]::new('world', 'world', [CompletionResultType]::ParameterValue, 'Print the demo world file, a template for your own (--world)')
            break
        }
        'gsudo;help;sandbox;serve' {
            break
        }
        'gsudo;help;sandbox;world' {
            break
        }
        'gsudo;help;config' {
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value from the file, like `gsudo config get lifetime`')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one setting, keeping the rest of the file (comments too) as it is')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one setting from the file')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print every setting in the file, and which GSUDO_* variables override them')
            break
        }
        'gsudo;help;config;path' {
            break
        }
        'gsudo;help;config;get' {
            break
        }
        'gsudo;help;config;set' {
            break
        }
        'gsudo;help;config;unset' {
            break
        }
        'gsudo;help;config;list' {
            break
        }
        'gsudo;help;log' {
            break
        }
        'gsudo;help;completions' {
            break
        }
        'gsudo;help;version' {
            break
        }
        'gsudo;help;broker' {
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve the broker''s API (POST /v1/token, GET /healthz) until SIGTERM')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Explain offline what a policy decides for a caller, the account (-s), the reason (-R), --lifetime, --session, --scopes and --delegates')
            break
        }
        'gsudo;help;broker;serve' {
            break
        }
        'gsudo;help;broker;check' {
            break
        }
        'gsudo;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
