// Starts GOV.UK Frontend's components (header menu, error summary, ...) on every page.
// A static module rather than an inline one: the Content-Security-Policy allows no inline script.
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
