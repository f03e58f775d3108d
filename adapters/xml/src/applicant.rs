//! The applicant of a submission: a name, and personal data read with the core's types.

use hoso_core::adapter::SubmissionApplicant;

use crate::{Element, EncodeError, FormatVersion, MessageReader, XmlResult, XmlWriter};

/// The element names of an applicant's fields in one version of a format.
#[derive(Debug, Clone, Copy)]
pub struct ApplicantNames {
    /// Họ tên: the applicant's name (required).
    pub name: &'static str,
    /// The citizen ID number (personal data).
    pub citizen_id: &'static str,
    /// The phone number (personal data).
    pub phone: &'static str,
    /// The address.
    pub address: &'static str,
    /// The e-mail address, in the versions that carry one.
    pub email: Option<&'static str>,
}

impl<'a, V: FormatVersion> MessageReader<'a, V> {
    /// Reads the applicant element `el`: each field at most once, the name required, the citizen ID and phone
    /// number parsed with the core's types and never quoted in an error.
    ///
    /// # Errors
    /// `InvalidPayload` at the element at fault: an unknown or repeated field, blank text, an invalid citizen
    /// ID or phone number; at `el` if the name is missing.
    pub fn applicant(
        &mut self,
        el: &Element<'a>,
        names: &ApplicantNames,
    ) -> XmlResult<SubmissionApplicant> {
        let (mut name, mut citizen_id, mut phone, mut address, mut email) =
            (None, None, None, None, None);
        if !el.is_self_closing() {
            while let Some(child) = self.next_child()? {
                let local = child.local_name();
                if local == names.name {
                    let v = self.string(&child)?;
                    self.set(&mut name, v, &child)?;
                } else if local == names.citizen_id {
                    let v = self.citizen_id(&child)?;
                    self.set(&mut citizen_id, v, &child)?;
                } else if local == names.phone {
                    let v = self.phone(&child)?;
                    self.set(&mut phone, v, &child)?;
                } else if local == names.address {
                    let v = self.string(&child)?;
                    self.set(&mut address, v, &child)?;
                } else if Some(local) == names.email {
                    let v = self.string(&child)?;
                    self.set(&mut email, v, &child)?;
                } else {
                    return Err(self.unknown(&child));
                }
            }
        }
        Ok(SubmissionApplicant {
            name: name.ok_or_else(|| self.missing(el, names.name))?,
            citizen_id,
            phone,
            address,
            email,
        })
    }
}

impl ApplicantNames {
    /// Writes the fields of `applicant` (inside the applicant element, which the caller opens and closes).
    ///
    /// ```
    /// use hoso_core::adapter::SubmissionApplicant;
    /// use hoso_xml::{ApplicantNames, XmlWriter};
    ///
    /// let names = ApplicantNames {
    ///     name: "HoTen", citizen_id: "SoDinhDanh", phone: "SoDienThoai", address: "DiaChi", email: None,
    /// };
    /// let applicant = SubmissionApplicant {
    ///     name: "An".into(), citizen_id: None, phone: None, address: None, email: Some("a@b.vn".into()),
    /// };
    /// let mut w = XmlWriter::new();
    /// assert!(names.write(&mut w, &applicant).is_err(), "this version has no e-mail");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`EncodeError::Unsupported`] for an e-mail address in a version without the field.
    pub fn write(
        &self,
        w: &mut XmlWriter,
        applicant: &SubmissionApplicant,
    ) -> Result<(), EncodeError> {
        let a = applicant;
        w.leaf(self.name, &[], &a.name);
        if let Some(id) = &a.citizen_id {
            w.leaf(self.citizen_id, &[], id.reveal());
        }
        if let Some(phone) = &a.phone {
            w.leaf(self.phone, &[], phone.reveal());
        }
        if let Some(address) = &a.address {
            w.leaf(self.address, &[], address);
        }
        match (self.email, &a.email) {
            (Some(name), Some(email)) => w.leaf(name, &[], email),
            (None, Some(_)) => {
                return Err("this version of the format has no field for an e-mail address".into());
            }
            _ => {}
        }
        Ok(())
    }
}
