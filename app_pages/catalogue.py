"""Catalogue of data-science projects per societal challenge; ?entry=<id> opens one (a shareable link).

Open to everyone. The entry view has the instruction, the dummy CSV download and a button that starts
the ethical data assistant on the entry for the user's team (joined: ?p= or this browser session).
"""

import streamlit as st

from dshub.catalogue.content import catalogue_of
from dshub.errors import NotFound
from dshub.ethics.content import EthicsContent
from dshub.legal.content import LegalFacts
from dshub.maturity.content import MaturityModel
from dshub.services import catalogue as service
from dshub.ui import catalogue as ui
from dshub.ui.core import get_content, get_db, guarded, lang, show_user_error, tr

bundle = get_content()
catalogue = catalogue_of(bundle)
token = st.query_params.get("p") or st.session_state.get("participant_token")
st.title(catalogue.title.get(lang()) if catalogue else tr("catalogue.nav"))
if catalogue is None:
    st.info(tr("catalogue.no_catalogue"))
    st.stop()

entry_id = st.query_params.get(ui.ENTRY_PARAM)


@guarded
def start(entry_id: str):
    ethics_content = next(iter(bundle.of_kind(EthicsContent)))
    return service.start_ethics(get_db(), ethics_content, catalogue, token, entry_id)


if entry_id:
    ui.back_button()
    try:
        view = service.entry_view(
            catalogue,
            entry_id,
            legal=bundle.of_kind(LegalFacts),
            assistants=bundle.of_kind(EthicsContent),
            maturity=bundle.of_kind(MaturityModel),
            lang=lang(),
        )
    except NotFound as exc:
        show_user_error(exc)
    else:
        ui.entry_detail(view)
        ui.start_ethics_button(view.entry, token, lambda: start(view.entry.id))
else:
    st.write(tr("catalogue.intro"))
    ui.entry_list(service.list_entries(catalogue, ui.filters(catalogue)))
