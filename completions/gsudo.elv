
use builtin;
use str;

set edit:completion:arg-completer[gsudo] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'gsudo'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'gsudo'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand token 'Print a fresh access token for the service account on stdout, for scripts'
            cand whoami 'Show who you are, where that identity came from, and the session you are in'
            cand list 'List the service accounts you can impersonate, in one project, several, or all you can see'
            cand can 'Show which permissions a service account (or you) holds on a resource'
            cand sandbox 'Try gsudo offline against its built-in emulator of the Google APIs'
            cand config 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)'
            cand log 'Show the sessions you ran, newest last, from the session log'
            cand completions 'Print the completion script for a shell'
            cand version 'Print gsudo''s version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gsudo;token'= {
            cand --format 'format'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;whoami'= {
            cand --format 'format'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;list'= {
            cand --format 'format'
            cand --concurrency 'Most API calls in flight at once'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --all-projects 'Every project you can see (Resource Manager search), instead of -p'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;can'= {
            cand --on 'The resource to test on [default: the project]'
            cand --format 'format'
            cand --concurrency 'Most API calls in flight at once'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --as-me 'Test your own permissions instead of the service account''s'
            cand --compare 'Show your permissions and the service account''s side by side'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;sandbox'= {
            cand --world 'A world file (TOML) to emulate instead of the built-in demo world'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand serve 'Run the emulator in the foreground, for scripts and tests'
            cand world 'Print the demo world file, a template for your own (--world)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gsudo;sandbox;serve'= {
            cand --listen 'Where to listen (loopback only)'
            cand --audit-log 'Where to append the audit log [default: a file in a new temporary directory]'
            cand --latency 'Delay every answer by this long (like 20ms or 0.5s)'
            cand --error-rate 'Answer this share of calls (0 to 1) with 429 or 503 at random'
            cand --fail-first 'Answer the first N calls with 429, 503, 429, ... (deterministic, for tests)'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;sandbox;world'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;sandbox;help'= {
            cand serve 'Run the emulator in the foreground, for scripts and tests'
            cand world 'Print the demo world file, a template for your own (--world)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gsudo;sandbox;help;serve'= {
        }
        &'gsudo;sandbox;help;world'= {
        }
        &'gsudo;sandbox;help;help'= {
        }
        &'gsudo;config'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand path 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
            cand get 'Print one setting''s value from the file, like `gsudo config get lifetime`'
            cand set 'Set one setting, keeping the rest of the file (comments too) as it is'
            cand unset 'Remove one setting from the file'
            cand list 'Print every setting in the file, and which GSUDO_* variables override them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gsudo;config;path'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;config;get'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;config;set'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;config;unset'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;config;list'= {
            cand --format 'format'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;config;help'= {
            cand path 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
            cand get 'Print one setting''s value from the file, like `gsudo config get lifetime`'
            cand set 'Set one setting, keeping the rest of the file (comments too) as it is'
            cand unset 'Remove one setting from the file'
            cand list 'Print every setting in the file, and which GSUDO_* variables override them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gsudo;config;help;path'= {
        }
        &'gsudo;config;help;get'= {
        }
        &'gsudo;config;help;set'= {
        }
        &'gsudo;config;help;unset'= {
        }
        &'gsudo;config;help;list'= {
        }
        &'gsudo;config;help;help'= {
        }
        &'gsudo;log'= {
            cand --format 'format'
            cand -n 'How many of the most recent sessions to show (0 for all)'
            cand --limit 'How many of the most recent sessions to show (0 for all)'
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;completions'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;version'= {
            cand -s 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand --service-account 'The service account to act as: its email, or an alias from the configuration file [default: the project''s service account in the configuration file]'
            cand -R 'Why you need it; recorded in the audit logs of every call'
            cand --reason 'Why you need it; recorded in the audit logs of every call'
            cand -p 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --project 'The project commands run in [default: the active gcloud configuration''s project]'
            cand --delegates 'Delegation chain, comma-separated: you hold Token Creator on the first, each on the next, the last on the service account'
            cand --lifetime 'Life of one minted token (like 10m or 1h; at most 12h, over 1h needs an organization policy) [default: 10m]'
            cand --session 'How long the session may keep minting fresh tokens [default: 1h]'
            cand --scopes 'OAuth scopes, comma-separated; short names like cloud-platform are expanded [default: cloud-platform,userinfo.email]'
            cand --proxy-resolve 'For private endpoints and tests: when the proxy is asked for HOST:PORT, connect to ADDRESS instead, like curl --resolve (repeatable; comma-separated in the variable)'
            cand --upstream-ca-file 'For private endpoints and tests: a PEM file of CAs the proxy trusts for Google API hosts, besides the system''s'
            cand --no-proxy 'Start no auth-rewriting proxy: tools that hold credentials of their own then use them instead of the service account''s'
            cand -y 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand --yes 'Answer yes to the confirmation a policy asks for before a privileged run'
            cand -v 'Show each HTTP call gsudo makes (never a token or secret)'
            cand --verbose 'Show each HTTP call gsudo makes (never a token or secret)'
            cand -q 'Say nothing but errors'
            cand --quiet 'Say nothing but errors'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'gsudo;help'= {
            cand token 'Print a fresh access token for the service account on stdout, for scripts'
            cand whoami 'Show who you are, where that identity came from, and the session you are in'
            cand list 'List the service accounts you can impersonate, in one project, several, or all you can see'
            cand can 'Show which permissions a service account (or you) holds on a resource'
            cand sandbox 'Try gsudo offline against its built-in emulator of the Google APIs'
            cand config 'Read or change the configuration file (defaults, aliases, per-project accounts, policy)'
            cand log 'Show the sessions you ran, newest last, from the session log'
            cand completions 'Print the completion script for a shell'
            cand version 'Print gsudo''s version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'gsudo;help;token'= {
        }
        &'gsudo;help;whoami'= {
        }
        &'gsudo;help;list'= {
        }
        &'gsudo;help;can'= {
        }
        &'gsudo;help;sandbox'= {
            cand serve 'Run the emulator in the foreground, for scripts and tests'
            cand world 'Print the demo world file, a template for your own (--world)'
        }
        &'gsudo;help;sandbox;serve'= {
        }
        &'gsudo;help;sandbox;world'= {
        }
        &'gsudo;help;config'= {
            cand path 'Print where the configuration file is ($XDG_CONFIG_HOME/gsudo/config.toml)'
            cand get 'Print one setting''s value from the file, like `gsudo config get lifetime`'
            cand set 'Set one setting, keeping the rest of the file (comments too) as it is'
            cand unset 'Remove one setting from the file'
            cand list 'Print every setting in the file, and which GSUDO_* variables override them'
        }
        &'gsudo;help;config;path'= {
        }
        &'gsudo;help;config;get'= {
        }
        &'gsudo;help;config;set'= {
        }
        &'gsudo;help;config;unset'= {
        }
        &'gsudo;help;config;list'= {
        }
        &'gsudo;help;log'= {
        }
        &'gsudo;help;completions'= {
        }
        &'gsudo;help;version'= {
        }
        &'gsudo;help;help'= {
        }
    ]
    $completions[$command]
}
