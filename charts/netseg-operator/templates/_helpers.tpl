{{/*
Name of the chart, or nameOverride.
*/}}
{{- define "netseg.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name of the release's resources: fullnameOverride, else the release name when it already
contains the chart name, else <release>-<chart>.
*/}}
{{- define "netseg.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "netseg.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object of the release.
*/}}
{{- define "netseg.labels" -}}
helm.sh/chart: {{ include "netseg.chart" . }}
{{ include "netseg.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: netseg
{{- end }}

{{/*
Labels that select the operator pods (immutable once deployed).
*/}}
{{- define "netseg.selectorLabels" -}}
app.kubernetes.io/name: {{ include "netseg.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "netseg.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "netseg.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "netseg.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{- define "netseg.leaseName" -}}
{{- default (include "netseg.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
Checks across values that the schema cannot express with a clear message.
*/}}
{{- define "netseg.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 requires leaderElection.enabled=true: replicas without a leader would all write the same NetworkPolicies" }}
{{- end }}
{{- if and .Values.flowIngestion.enabled (empty .Values.flowIngestion.allowed) }}
{{- fail "flowIngestion.enabled=true requires flowIngestion.allowed: list the users (e.g. system:serviceaccount:<ns>:<name>) that may post flows" }}
{{- end }}
{{- if and .Values.flowIngestion.enabled (eq (int .Values.flowIngestion.port) (int .Values.httpPort)) }}
{{- fail "flowIngestion.port must differ from httpPort" }}
{{- end }}
{{- end }}
