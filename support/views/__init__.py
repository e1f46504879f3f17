"""The support programme's pages: selection and letters, cohorts and host sites."""
