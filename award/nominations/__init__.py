"""The public nomination: form, check your answers, receipt, the private edit link."""

