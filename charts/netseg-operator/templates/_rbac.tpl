{{/*
RBAC rules: exactly the API calls listed in dev.netseg.operator.ApiAccess.RULES. ChartRbacTest
renders them and compares with that list, so edit both together.
*/}}

{{/* Rules granted where profiles live: cluster-wide, or in each watched namespace. */}}
{{- define "netseg.rules.watchedNamespaces" -}}
- apiGroups: ["netseg.dev"]
  resources: ["segmentationprofiles"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["netseg.dev"]
  resources: ["segmentationprofiles/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["netseg.dev"]
  resources: ["learnededges", "policyproposals"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["pods", "services", "configmaps"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets", "replicasets"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["batch"]
  resources: ["jobs", "cronjobs"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* Rules on cluster-scoped resources, granted by a ClusterRole in every mode. */}}
{{- define "netseg.rules.cluster" -}}
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
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
