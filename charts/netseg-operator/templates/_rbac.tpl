{{/*
RBAC rules: exactly the API calls listed in dev.netseg.operator.ApiAccess.RULES. ChartRbacTest
renders them and compares with that list, so edit both together.
*/}}

{{/* Rules granted where profiles live: cluster-wide, or in each watched namespace. */}}
{{- define "netseg.rules.watchedNamespaces" -}}
{{- /* Reads are list and watch: the operator reads what it watches from its informers' caches,
never with a get. Writes are server-side apply: a PATCH, authorized as create too when the object
does not exist yet (create is needed for that, not for a POST). AuditedRbacIT runs the operator with
every feature on and fails on a call without a rule here, and on a rule it never called. */}}
- apiGroups: ["netseg.dev"]
  resources: ["segmentationprofiles"]
  verbs: ["list", "watch"]
- apiGroups: ["netseg.dev"]
  resources: ["segmentationprofiles/status"]
  verbs: ["patch"]
- apiGroups: ["netseg.dev"]
  resources: ["learnededges"]
  verbs: ["list", "create", "patch", "delete"]
- apiGroups: ["netseg.dev"]
  resources: ["policyproposals"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["pods", "services", "configmaps"]
  verbs: ["list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets", "replicasets"]
  verbs: ["list", "watch"]
- apiGroups: ["batch"]
  resources: ["jobs", "cronjobs"]
  verbs: ["list", "watch"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["list", "watch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["list", "watch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* Rules on cluster-scoped resources, granted by a ClusterRole in every mode. */}}
{{- define "netseg.rules.cluster" -}}
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["list", "watch"]
{{- if .Values.flowIngestion.enabled }}
- apiGroups: ["authentication.k8s.io"]
  resources: ["tokenreviews"]
  verbs: ["create"]
{{- end }}
{{- end }}

{{/* Rules in the operator's own namespace. */}}
{{- define "netseg.rules.operatorNamespace" -}}
{{- if .Values.leaderElection.enabled }}
{{- /* get, create and patch: fabric8's elector reads, creates and renews (PATCH) the Lease;
update: the leader hands the Lease over on shutdown (LeaseRelease), and JOSDK checks for it at
start. */}}
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end }}
{{- end }}
