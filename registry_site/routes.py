"""Every public collection of the API: (prefix, viewset, basename), in the API's order.
Only registry_site knows every app (DESIGN.md); the API's URLs and the open-data
ledger both read this list."""


def routes():
    from disclosure import api as disclosure_api
    from disclosure.credit import api as credit_api
    from disclosure.inspections import api as inspections_api
    from licensing import api as licensing_api
    from licensing import api_register

    modules = (api_register, licensing_api, disclosure_api, credit_api, inspections_api)
    return [route for module in modules for route in module.ROUTES]
