"""Users' roles, scoped by unit: who may see and do what for which commune."""
