// Starts GOV.UK Frontend's components on pages that support them, and our own follow-up reveals.
import { initAll } from './../govuk/govuk-frontend.min.js'
import { initReveals } from './reveal.js'

initAll()
initReveals()
