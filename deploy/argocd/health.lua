-- Argo CD health check for netseg.dev/SegmentationProfile (argocd-cm key
-- resource.customizations.health.netseg.dev_SegmentationProfile).
-- Conditions older than the profile's current generation are not trusted: until the operator
-- has reconciled the current spec the profile is Progressing.
local hs = {}
local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the netseg operator to reconcile the profile"
  return hs
end

local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the netseg operator to reconcile generation " .. tostring(generation)
  return hs
end

-- The condition of a type, if it was set for the current generation.
local function condition(type)
  if obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == type then
      if generation ~= nil and c.observedGeneration ~= nil and c.observedGeneration < generation then
        return nil
      end
      return c
    end
  end
  return nil
end

local function describe(c, fallback)
  if c.message ~= nil and c.message ~= "" then
    if c.reason ~= nil and c.reason ~= "" then
      return c.reason .. ": " .. c.message
    end
    return c.message
  end
  if c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

local degraded = condition("Degraded")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(degraded, "The profile is degraded")
  return hs
end

local safe = condition("SafeToEnforce")
if safe ~= nil and safe.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(safe, "A policy change would block required flows and is held")
  return hs
end

local learning = condition("Learning")
if learning ~= nil and learning.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(learning, "Learning the connections of the workloads")
  return hs
end

local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
  return hs
end
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(ready, "The profile is not ready")
  return hs
end

hs.status = "Progressing"
hs.message = "Waiting for the profile to become Ready"
return hs
