// Shows a radio's follow-up question only while that radio is chosen (ADR 0014).
//
// GOV.UK Frontend's conditional reveal sets aria-expanded on the radio, which ARIA does not
// allow on a radio. Here the follow-up simply follows its radio in the page, so it is read next;
// nothing is announced as expanded. Without JavaScript every follow-up stays visible, and the
// server validates it only for the answer it belongs to.

const HIDDEN = 'govuk-radios__conditional--hidden'

export function initReveals (root = document) {
  for (const panel of root.querySelectorAll('[data-app-reveal-for]')) {
    const radio = document.getElementById(panel.dataset.appRevealFor)
    if (!radio || !radio.form) continue
    const group = radio.form.querySelectorAll(`input[type="radio"][name="${CSS.escape(radio.name)}"]`)
    const update = () => panel.classList.toggle(HIDDEN, !radio.checked)
    group.forEach((input) => input.addEventListener('change', update))
    update()
  }
}
