"""Each visit kind's server assessment in its own module (services/assess/<module>.py), named by the kind's
`assess` ("<module>.<function>"): it runs the domain twin on the stored record, keeps the whole result in
`results` and copies the figures reports and queues filter on into the promoted columns. Found with
`services.assessment.function(kind)`."""
