"""WTForms' own messages appear in the person's language."""

from flask_babel import force_locale
from wtforms import IntegerField, StringField
from wtforms.validators import Length

from award.formtools import FlaskForm


class NumberForm(FlaskForm):
    class Meta:
        csrf = False

    count = IntegerField()
    name = StringField(validators=[Length(max=3)])


def test_built_in_messages_are_danish_by_default_and_english_on_request(app):
    with app.test_request_context(method="POST", data={"count": "tre", "name": "Søren"}):
        form = NumberForm()
        form.validate()
        assert form.count.errors == ["Skriv et helt tal, fx 3."]
        assert form.name.errors == ["Teksten må højst være 3 tegn lang."]
    with app.test_request_context(method="POST", data={"count": "tre", "name": "Søren"}), \
            force_locale("en"):
        form = NumberForm()
        form.validate()
        assert form.count.errors == ["Not a valid integer value."]
        assert form.name.errors == ["Field cannot be longer than 3 characters."]
