"""Forms: validate what people type, in the words of the GOV.UK Design System."""
