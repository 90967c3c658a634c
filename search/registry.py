"""Apps register the models they index, as Wagtail models declare search_fields."""

_models = []


def register(model):
    """Class decorator: `rebuild_search_index` will refresh this model."""
    if model not in _models:
        _models.append(model)
    return model


def registered_models():
    return list(_models)
