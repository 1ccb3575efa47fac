from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, ValidationError

from award.formtools import FlaskForm
from award.nominations.forms import Stripped


def email_field():
    return StringField(_l("E-mail"), filters=[Stripped()], validators=[
        DataRequired(_l("Skriv din e-mailadresse.")),
        Length(max=254, message=_l("E-mailadressen er for lang.")),
        Email(message=_l("Skriv en e-mailadresse i formatet navn@eksempel.dk.")),
    ], render_kw={"type": "email", "autocomplete": "username", "spellcheck": "false"})


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Adgangskode"),
                             validators=[InputRequired(_l("Skriv din adgangskode."))],
                             render_kw={"type": "password", "autocomplete": "current-password"})


class PasswordForm(FlaskForm):
    password = PasswordField(
        _l("Ny adgangskode"),
        validators=[InputRequired(_l("Skriv en adgangskode.")),
                    Length(max=200, message=_l("Adgangskoden må højst være 200 tegn lang."))],
        description=_l("Mindst 12 tegn. Brug gerne en sætning, du kan huske."),
        render_kw={"type": "password", "autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Gentag adgangskoden"),
        validators=[InputRequired(_l("Skriv adgangskoden igen.")),
                    EqualTo("password", message=_l("De to adgangskoder er ikke ens."))],
        render_kw={"type": "password", "autocomplete": "new-password"},
    )

    def validate_password(self, field):
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(field.data or "") < minimum:
            raise ValidationError(_l("Adgangskoden skal være mindst %(count)d tegn lang.",
                                     count=minimum))


class ResetRequestForm(FlaskForm):
    email = email_field()
