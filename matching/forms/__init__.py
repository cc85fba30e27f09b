"""Forms of the coordinator's matching pages: the review queue (`review`) and runs (`runs`)."""
