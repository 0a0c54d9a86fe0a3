"""The awareness-day game: content model, pure state machine and scoring.

Nothing in this package touches streamlit or the database: the services layer
loads and stores a :class:`~dshub.game.state.GameState` and team answers, and
calls these functions with plain values.
"""
