"""WTForms for the account pages; labels and messages come from the i18n catalogs."""
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("auth.username", validators=[DataRequired("form.required"), Length(max=64)])
    password = PasswordField("auth.password", validators=[DataRequired("form.required"), Length(max=128)])


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField("auth.current_password", validators=[DataRequired("form.required")])
    new_password = PasswordField("auth.new_password", validators=[DataRequired("form.required"), Length(max=128)])
    confirm_password = PasswordField("auth.confirm_password", validators=[DataRequired("form.required")])
