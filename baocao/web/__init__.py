"""The web pages clerks, leaders and city staff use: thin views over the services."""
